module example.com/patterns/addr-stored-by-callee

go 1.21
