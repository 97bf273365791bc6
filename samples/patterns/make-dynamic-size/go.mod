module example.com/patterns/make-dynamic-size

go 1.21
