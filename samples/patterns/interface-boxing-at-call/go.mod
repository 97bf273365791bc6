module example.com/patterns/interface-boxing-at-call

go 1.21
