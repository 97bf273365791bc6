module example.com/patterns/return-pointer-to-local

go 1.21
