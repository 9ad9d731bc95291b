package report

import (
	"strings"
	"testing"
)

func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"Lũng Nặm", 18, 1},
		// The row of the issue: it wraps on paper, "Nặm" on a line of its own.
		{"Đảng ủy xã Lũng Nặm", 18, 2},
		{"Đảng ủy xã Lũng Nặm", 25, 1},
		{"một\nhai\nba", 40, 3},
		{"Trụ sở, điều kiện làm việc còn chật hẹp, thiếu trang thiết bị.", 45, 2},
		{strings.Repeat("M", 105), 20, 12}, // 9 a line
		{"", 10, 1},
	} {
		if got := wrappedLines(c.text, c.width, 12); got != c.want {
			t.Errorf("%q in %v units: %d lines, want %d", c.text, c.width, got, c.want)
		}
	}
}
