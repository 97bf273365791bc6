module example.com/patterns/return-fresh-buffer

go 1.21
