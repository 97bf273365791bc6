module example.com/patterns/preallocate-slice

go 1.22
