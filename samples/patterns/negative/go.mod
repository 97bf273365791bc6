module example.com/patterns/negative

go 1.21
