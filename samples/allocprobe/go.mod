module example.com/goescape/allocprobe

go 1.19
