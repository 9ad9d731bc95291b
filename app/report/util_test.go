package report

import (
	"fmt"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func fmtSscan(s string, x *float64) (int, error) { return fmt.Sscan(s, x) }
