module example.com/goescape/samples

go 1.21
