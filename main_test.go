package main

import (
	"flag"
	"strings"
	"testing"
)

// A file flag given an empty name, or a language the program does not
// speak, is refused before anything runs (an empty -notice used to open
// the window, or crash without a display).
func TestFlagProblem(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-notice", "", "-delegation", "03"}, "-notice cần tên tệp"},
		{[]string{"-export", " "}, "-export cần tên tệp"},
		{[]string{"-lang", "fr"}, `không phải "fr"`},
		{[]string{"-lang", "en", "-report", "r.docx"}, ""},
		{[]string{"-lang", "en", "-export", ""}, "Error: -export needs a file name"},
		{[]string{"-export", "", "-lang", "vi"}, "Lỗi: -export cần tên tệp"},
		{[]string{"-delegation", ""}, ""},
	} {
		set := flag.NewFlagSet("giamsat", flag.ContinueOnError)
		for _, name := range []string{"notice", "export", "report", "lang", "delegation"} {
			set.String(name, "", "")
		}
		if err := set.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		got := flagProblem(set)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.args, got, c.want)
		}
	}
}
