module a.giamsat/earlylocale

go 1.26
