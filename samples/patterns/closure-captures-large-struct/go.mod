module example.com/patterns/closure-captures-large-struct

go 1.21
