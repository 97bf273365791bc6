module example.com/patterns/time-after-in-loop

go 1.21
