module example.com/patterns/string-bytes-conversion

go 1.21
