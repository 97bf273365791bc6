module example.com/patterns/regexp-compile-per-call

go 1.21
