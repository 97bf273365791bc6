module example.com/patterns/json-into-map

go 1.21
