module example.com/counters

go 1.26
