module github.com/acme/api/v2

go 1.23
