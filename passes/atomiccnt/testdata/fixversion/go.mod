module example.com/fixversion

go 1.22
