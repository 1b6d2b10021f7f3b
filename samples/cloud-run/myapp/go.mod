module example.com/myapp

go 1.27.0
