module goescape.dev/gofacts

go 1.19
