module example.com/patterns/grow-builder

go 1.22
