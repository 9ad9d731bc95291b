package db

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// What a person types picks one delegation, or is refused with the
// candidates listed, each with the key that picks it.
func TestResolveDelegation(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	date := func(v string) Date { d, _ := ParseDate(v); return d }
	d25 := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng", PeriodFrom: date("01/10/2025"), PeriodTo: date("31/10/2025")}
	d26 := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng", PeriodFrom: date("01/11/2026"), PeriodTo: date("30/11/2026")}
	d26b := &Delegation{Number: "03", IssuingBody: "Huyện ủy Hà Quảng", PeriodFrom: date("05/11/2026")}
	d7 := &Delegation{Number: "7", IssuingBody: "Tỉnh ủy Cao Bằng"}
	for _, d := range []*Delegation{d25, d26, d7} {
		if err := s.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ typed, want string }{
		{"03/2025", d25.ID}, {"3/2026", d26.ID}, {" 03/2026 ", d26.ID}, {"07", d7.ID}, {"7", d7.ID}, {d25.Key(), d25.ID},
	} {
		got, err := s.ResolveDelegation(ctx, c.typed)
		if err != nil || got.ID != c.want {
			t.Errorf("%q: %v, %v", c.typed, got, err)
		}
	}
	// "03" names two: refused, both listed with their period and key.
	_, err = s.ResolveDelegation(ctx, "03")
	var amb *AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Fatalf("03: %v", err)
	}
	msg := amb.Message("vi")
	for _, want := range []string{"03/2025 (01/10/2025–31/10/2025, Tỉnh ủy Cao Bằng), mã " + d25.Key(), "03/2026 (01/11/2026–30/11/2026"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, msg)
		}
	}
	// Two in one year, of two issuing bodies: the year is not enough.
	if err := s.Save(ctx, d26b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResolveDelegation(ctx, "03/2026"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Fatalf("03/2026 with two that year: %v", err)
	}
	if got, err := s.ResolveDelegation(ctx, d26b.Key()); err != nil || got.ID != d26b.ID {
		t.Fatalf("by key: %v %v", got, err)
	}
	if _, err := s.ResolveDelegation(ctx, "04"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("04: %v", err)
	}
}
