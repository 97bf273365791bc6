module example.com/patterns/presize-map

go 1.22
