package db

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// Fuzz tests of what the program reads from people and from files. Seeds
// are below and in testdata/fuzz; CI runs each for a few seconds (make fuzz).

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"1.200", "1,200", "12.5", " 40 ", "-3", "35.599.000", "1 200", "", "٣", "1e3", "0x10", "+5", "99999999999999999999"} {
		f.Add(s, "vi")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		n, err := ParseCount("Held", s, lang)
		if err != nil {
			if n != nil {
				t.Fatalf("%q: an error and a value", s)
			}
			return
		}
		if n == nil {
			return
		}
		if *n < 0 || *n > MaxCount {
			t.Fatalf("%q read as %d", s, *n)
		}
		// What is read is written back the same way and read again the same.
		text := FormatCount(n, lang)
		back, err := ParseCount("Held", text, lang)
		if err != nil || back == nil || *back != *n {
			t.Fatalf("%q → %d → %q → %v, %v", s, *n, text, back, err)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"53,5", "53.5", "1.200,75", "99,16%", "NaN", "Inf", "1e308", "-0", "", "1,2,3"} {
		f.Add(s, "vi")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		v, err := ParseNumber("Value", s, lang)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("%q read as %v", s, v)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Lũng Nặm", "THÔNG NÔNG", "Đoàn giám sát", "lung nam", "Lu\u0303ng Na\u0323m", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if Fold(folded) != folded {
			t.Fatalf("Fold is not stable on %q: %q then %q", s, folded, Fold(folded))
		}
		if utf8.ValidString(s) && !Matches(s, s) {
			t.Fatalf("%q does not find itself", s)
		}
		if n := NormalizeText(s); NormalizeText(n) != n {
			t.Fatalf("NormalizeText is not stable on %q", s)
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add("Lũng Nặm", "commune", "01393", 122, 100, "in_person", "31/02/2025")
	f.Add("", "", "abc", -1, 0, "x", "")
	f.Fuzz(func(t *testing.T, name, kind, code string, participants, expected int, mode, date string) {
		c := Commune{Name: name, Kind: kind, Code: code}
		Check(&c)
		s := Session{VisitID: "v", Level: "commune", Participants: &participants, Expected: &expected, Mode: mode}
		Check(&s)
		s.Warnings()
		if _, err := ParseDate(date); err != nil {
			if e := DateError("Date", date); e.Message("vi") == "" || e.Message("en") == "" {
				t.Fatalf("%q: an empty message", date)
			}
		}
	})
}

// FuzzOpenFile gives Open and Verify files of any content: no panic, and a
// file refused is left as it was.
func FuzzOpenFile(f *testing.F) {
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte("not a database at all"))
	f.Add(append([]byte("SQLite format 3\x00"), make([]byte, 200)...))
	if data, err := os.ReadFile(filepath.Join("testdata", "sample-header.bin")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		Verify(context.Background(), path)
		s, err := Open(path)
		if err != nil {
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, data) {
				t.Fatalf("a refused file was changed (%v)", err)
			}
			return
		}
		s.Visits(context.Background(), VisitFilter{})
		s.Close()
	})
}
