module github.com/acme/camera

go 1.22
