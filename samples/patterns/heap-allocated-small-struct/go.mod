module example.com/patterns/heap-allocated-small-struct

go 1.21
