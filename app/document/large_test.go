package document

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"giamsat/db"
)

// longConclusion is a conclusion of n characters, in words.
func longConclusion(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < 4*n; i++ {
		b.WriteString("Đoàn giám sát đề nghị Đảng ủy xã tiếp tục nâng cao chất lượng sinh hoạt chi bộ, ")
	}
	r := []rune(b.String())[:n-1]
	return string(r) + "."
}

// fiftyVisits is a delegation of 50 visits, the first with a conclusion
// of 3,000 characters; it returns the delegation and that visit.
func fiftyVisits(t testing.TB) (*db.Store, string, string, string) {
	t.Helper()
	s, err := db.Open(filepath.Join(t.TempDir(), "large.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.Generate(ctx, 50, 1); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Delegations(ctx)
	if err != nil || len(ds) != 1 {
		t.Fatalf("delegations %v %v", ds, err)
	}
	visits, err := s.Visits(ctx, db.VisitFilter{DelegationID: ds[0].ID})
	if err != nil || len(visits) != 50 {
		t.Fatalf("%d visits, %v", len(visits), err)
	}
	v, err := db.Get[db.Visit](ctx, s, visits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	long := longConclusion(3000)
	v.Conclusions = long
	if err := s.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	return s, ds[0].ID, v.ID, long
}

// A delegation of 50 visits drafts a report with every commune, and the
// 3,000-character conclusion whole, in the report and in its notice.
func TestFiftyVisitsAndALongConclusion(t *testing.T) {
	s, delegation, visit, long := fiftyVisits(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "báo cáo.docx")
	if err := Report(ctx, s, delegation, out, Options{Lang: "vi"}); err != nil {
		t.Fatal(err)
	}
	p := parts(t, out)
	checkWordRules(t, p)
	got := texts(t, p["word/document.xml"])
	for i := 1; i <= 50; i++ {
		if !strings.Contains(got, "\n"+strconv.Itoa(i)+". Xã ") {
			t.Errorf("the report has no commune numbered %d", i)
		}
	}
	if !strings.Contains(got, long) {
		t.Error("the 3,000-character conclusion is not whole in the report")
	}
	notice := filepath.Join(t.TempDir(), "thông báo.docx")
	if err := Notice(ctx, s, visit, notice, Options{Lang: "vi"}); err != nil {
		t.Fatal(err)
	}
	np := parts(t, notice)
	checkWordRules(t, np)
	if !strings.Contains(texts(t, np["word/document.xml"]), long) {
		t.Error("the 3,000-character conclusion is not whole in the notice")
	}
}

// The time to draft the report of a delegation of 50 visits
// (docs/benchmarks.md).
func BenchmarkReport50Visits(b *testing.B) {
	s, delegation, _, _ := fiftyVisits(b)
	out := filepath.Join(b.TempDir(), "báo cáo.docx")
	b.ReportAllocs()
	for b.Loop() {
		if err := Report(context.Background(), s, delegation, out, Options{Lang: "vi"}); err != nil {
			b.Fatal(err)
		}
	}
}

// The time to draft one visit's notice (docs/benchmarks.md).
func BenchmarkNotice(b *testing.B) {
	s, _, visit, _ := fiftyVisits(b)
	out := filepath.Join(b.TempDir(), "thông báo.docx")
	b.ReportAllocs()
	for b.Loop() {
		if err := Notice(context.Background(), s, visit, out, Options{Lang: "vi"}); err != nil {
			b.Fatal(err)
		}
	}
}
