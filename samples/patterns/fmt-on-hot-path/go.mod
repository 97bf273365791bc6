module example.com/patterns/fmt-on-hot-path

go 1.21
