module example.net/ledger

go 1.23
