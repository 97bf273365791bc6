module example.com/patterns/interface-conversion-boxes

go 1.21
