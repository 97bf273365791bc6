module example.com/patterns/index-instead-of-append

go 1.22
