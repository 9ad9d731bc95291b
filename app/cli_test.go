package app

import (
	"archive/zip"
	"context"
	"io"
	"regexp"

	"giamsat/db"
	"giamsat/db/dbtest"

	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestHeadlessBackupAndCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	var out, errs bytes.Buffer
	if code := RunHeadless(Options{DBPath: path, Sample: true}, &out, &errs); code != 0 {
		t.Fatalf("sample: %d %s", code, errs.String())
	}
	backup := filepath.Join(dir, "sao lưu.db")
	if code := RunHeadless(Options{DBPath: path, Backup: backup}, &out, &errs); code != 0 {
		t.Fatalf("backup: %d %s", code, errs.String())
	}
	out.Reset()
	if code := RunHeadless(Options{DBPath: backup, Check: true}, &out, &errs); code != 0 || !strings.Contains(out.String(), "không có lỗi") {
		t.Fatalf("check of the backup: %d %q %s", code, out.String(), errs.String())
	}
	// A damaged copy: -check says so and exits 1, and leaves it as it was.
	data, _ := os.ReadFile(backup)
	for i := 4096; i < len(data) && i < 4096*3; i++ {
		data[i] = 0x5A
	}
	damaged := filepath.Join(dir, "hỏng.db")
	os.WriteFile(damaged, data, 0o644)
	out.Reset()
	if code := RunHeadless(Options{DBPath: damaged, Check: true}, &out, &errs); code != 1 {
		t.Fatalf("check of a damaged file exited %d: %q", code, out.String())
	}
	if after, _ := os.ReadFile(damaged); !bytes.Equal(after, data) {
		t.Fatal("-check wrote to the damaged file")
	}
}

func TestHeadlessRefusesToWriteIntoADamagedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	var out, errs bytes.Buffer
	if code := RunHeadless(Options{DBPath: path, Generate: 200}, &out, &errs); code != 0 {
		t.Fatalf("generate: %s", errs.String())
	}
	data := dbtest.Damage(t, path)
	errs.Reset()
	if code := RunHeadless(Options{DBPath: path, Sample: true}, &out, &errs); code == 0 {
		t.Fatal("-sample wrote into a damaged file")
	}
	if !strings.Contains(errs.String(), "bị hỏng") {
		t.Fatalf("said %q", errs.String())
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("the damaged file was changed")
	}
}

// TestHeadlessWithRelativePaths: -check, -backup and -export take paths
// relative to the folder they are run from.
func TestHeadlessWithRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errs bytes.Buffer
	if code := RunHeadless(Options{DBPath: "giamsat.db", Sample: true}, &out, &errs); code != 0 {
		t.Fatalf("sample: %s", errs.String())
	}
	os.Mkdir("sao", 0o755)
	for _, o := range []Options{
		{DBPath: "giamsat.db", Check: true},
		{DBPath: "giamsat.db", Backup: filepath.Join("sao", "bản sao.db")},
		{DBPath: filepath.Join("sao", "bản sao.db"), Check: true},
		{DBPath: "./giamsat.db", Export: filepath.Join("sao", "báo cáo.xlsx")},
	} {
		errs.Reset()
		if code := RunHeadless(o, &out, &errs); code != 0 {
			t.Fatalf("%+v: %s", o, errs.String())
		}
	}
}

// A commune's package made and received from the command line: a dry run
// writes nothing, the receipt writes, a second receipt writes nothing, and
// a broken package or a wrong passphrase exits 1 with the reason.
func TestHeadlessPackages(t *testing.T) {
	dir := t.TempDir()
	doan := filepath.Join(dir, "doan.db")
	xa := filepath.Join(dir, "xa.db")
	pkg := filepath.Join(dir, "Lũng Nặm.giamsat")
	pass := filepath.Join(dir, "mat-khau.txt")
	os.WriteFile(pass, []byte("Cao Bằng 2026\n"), 0o600)
	run := runHeadless
	if code, _, errs := run(Options{DBPath: doan, Sample: true}); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := run(Options{DBPath: doan, ExportPackage: pkg, Commune: "lung nam", Delegation: "03", PassphraseFile: pass}); code != 0 ||
		!strings.Contains(out, "Buổi làm việc:           1") || !strings.Contains(out, "mã hóa") {
		t.Fatalf("export-package: %d %q %s", code, out, errs)
	}
	if code, _, errs := run(Options{DBPath: xa, Import: pkg}); code != 1 || !strings.Contains(errs, "mật khẩu") {
		t.Fatalf("no passphrase: %d %s", code, errs)
	}
	code, out, errs := run(Options{DBPath: xa, Import: pkg, PassphraseFile: pass, DryRun: true})
	if code != 0 || !strings.Contains(out, "Buổi làm việc:           1 mới") || !strings.Contains(out, "Chạy thử") {
		t.Fatalf("dry run: %d %q %s", code, out, errs)
	}
	if code, out, errs := run(Options{DBPath: xa, Import: pkg, PassphraseFile: pass}); code != 0 || !strings.Contains(out, "Đã nhận: ghi 21 mục") {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	if code, out, errs := run(Options{DBPath: xa, Import: pkg, PassphraseFile: pass, Lang: "en"}); code != 0 || !strings.Contains(out, "Received: 0 records written") {
		t.Fatalf("second import: %d %q %s", code, out, errs)
	}
	broken := filepath.Join(dir, "hỏng.giamsat")
	os.WriteFile(broken, []byte("không phải gói"), 0o644)
	if code, _, errs := run(Options{DBPath: xa, Import: broken}); code != 1 || !strings.Contains(errs, "không phải gói") {
		t.Fatalf("broken package: %d %s", code, errs)
	}
	if code, _, errs := run(Options{DBPath: doan, ExportPackage: pkg, Commune: "không có"}); code != 1 || !strings.Contains(errs, "Không có xã") {
		t.Fatalf("unknown commune: %d %s", code, errs)
	}
}

// A dry run of a receipt writes nothing, not even a new database.
func TestHeadlessDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	doan := filepath.Join(dir, "doan.db")
	pkg := filepath.Join(dir, "goi.giamsat")
	var out, errs bytes.Buffer
	if code := RunHeadless(Options{DBPath: doan, Sample: true}, &out, &errs); code != 0 {
		t.Fatal(errs.String())
	}
	if code := RunHeadless(Options{DBPath: doan, ExportPackage: pkg}, &out, &errs); code != 0 {
		t.Fatal(errs.String())
	}
	missing := filepath.Join(dir, "chưa có.db")
	errs.Reset()
	if code := RunHeadless(Options{DBPath: missing, Import: pkg, DryRun: true}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "Không có cơ sở dữ liệu") {
		t.Fatalf("dry run on a missing database: %d %s", code, errs.String())
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("the dry run made a database")
	}
	errs.Reset()
	if code := RunHeadless(Options{DBPath: doan, Import: pkg, DryRun: true}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "chính cơ sở dữ liệu này") {
		t.Fatalf("own package: %d %s", code, errs.String())
	}
	xa := filepath.Join(dir, "xa.db")
	if code := RunHeadless(Options{DBPath: xa, Sample: true}, &out, &errs); code != 0 {
		t.Fatal(errs.String())
	}
	out.Reset()
	if code := RunHeadless(Options{DBPath: xa, Import: pkg, DryRun: true}, &out, &errs); code != 0 || !strings.Contains(out.String(), "Chạy thử") {
		t.Fatalf("dry run: %d %q %s", code, out.String(), errs.String())
	}
}

// From a database on read-only media, a whole package is made (and said
// not to be logged); a package of changes is refused with the reason.
func TestPackageFromReadOnlyMedia(t *testing.T) {
	dir := t.TempDir()
	doan := filepath.Join(dir, "doan.db")
	var out, errs bytes.Buffer
	if code := RunHeadless(Options{DBPath: doan, Sample: true}, &out, &errs); code != 0 {
		t.Fatal(errs.String())
	}
	defer func(w func(string) bool) { isWritable = w }(isWritable)
	isWritable = func(string) bool { return false }
	out.Reset()
	pkg := filepath.Join(dir, "goi.giamsat")
	if code := RunHeadless(Options{DBPath: doan, ExportPackage: pkg}, &out, &errs); code != 0 || !strings.Contains(out.String(), "không được ghi vào nhật ký") {
		t.Fatalf("whole package from read-only media: %d %s %s", code, out.String(), errs.String())
	}
	if _, err := os.Stat(pkg); err != nil {
		t.Fatal(err)
	}
	errs.Reset()
	if code := RunHeadless(Options{DBPath: doan, ExportPackage: pkg, ChangesOnly: true, Recipient: "xa"}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "chỉ đọc được") {
		t.Fatalf("changes from read-only media: %d %s", code, errs.String())
	}
}

// -delegation takes what a person types and refuses what names several;
// -date sets the signing date and refuses what is not a date.
func TestExportChoosesTheDelegationAndDate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	run := runHeadless
	if code, _, errs := run(Options{DBPath: path, Sample: true}); code != 0 {
		t.Fatal(errs)
	}
	s, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := db.ParseDate("01/10/2025")
	old := &db.Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng", PeriodFrom: from}
	if err := s.Save(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	s.Close()
	xlsx := filepath.Join(dir, "báo cáo.xlsx")
	code, _, errs := run(Options{DBPath: path, Export: xlsx, Delegation: "03"})
	if code != 1 || !strings.Contains(errs, "03/2025") || !strings.Contains(errs, "03/2026") || !strings.Contains(errs, old.Key()) {
		t.Fatalf("-delegation 03 with two: %d %s", code, errs)
	}
	if code, _, errs := run(Options{DBPath: path, Export: xlsx, Delegation: "03/2026", Date: "32/12/2026"}); code != 1 || !strings.Contains(errs, "-date") {
		t.Fatalf("-date 32/12/2026: %d %s", code, errs)
	}
	if code, _, errs := run(Options{DBPath: path, Export: xlsx, Delegation: "03/2026", Date: "01/12/2026"}); code != 0 {
		t.Fatalf("-delegation 03/2026: %d %s", code, errs)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|") + "\n")
	}
	if !strings.Contains(all.String(), "ngày 01 tháng 12 năm 2026") || !strings.Contains(all.String(), "Lũng Nặm") {
		t.Fatalf("the 2026 report signed on 01/12/2026:\n%s", all.String())
	}
}

// -report with -export drafts the report and its annex, which the report
// names; -notice drafts a visit's notice, and refuses a commune visited
// twice until -visited chooses the visit.
func TestHeadlessDocuments(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	run := runHeadless
	if code, _, errs := run(Options{DBPath: path, Sample: true}); code != 0 {
		t.Fatal(errs)
	}
	docx, xlsx := filepath.Join(dir, "báo cáo.docx"), filepath.Join(dir, "báo cáo - phụ lục.xlsx")
	if code, _, errs := run(Options{DBPath: filepath.Join(dir, "không có.db"), Report: docx, Delegation: "03"}); code != 1 || !strings.Contains(errs, "Không có cơ sở dữ liệu") {
		t.Fatalf("-report from a database that is not there: %d %s", code, errs)
	}
	if code, out, errs := run(Options{DBPath: path, Report: docx, Export: xlsx, Delegation: "03", Date: "01/12/2026"}); code != 0 || !strings.Contains(out, "Đã soạn báo cáo") {
		t.Fatalf("-report -export: %d %s %s", code, out, errs)
	}
	if body := docxText(t, docx); !strings.Contains(body, "Phụ lục kèm theo") {
		t.Errorf("the report does not name its annex:\n%s", body)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|") + "\n")
	}
	if strings.Contains(all.String(), "T/M ĐOÀN GIÁM SÁT") || !strings.Contains(all.String(), "PHỤ LỤC") {
		t.Errorf("the annex beside the report:\n%s", all.String())
	}

	notice := filepath.Join(dir, "thông báo.docx")
	if code, _, errs := run(Options{DBPath: path, Notice: notice, Delegation: "03"}); code != 1 || !strings.Contains(errs, "-commune") {
		t.Fatalf("-notice without -commune: %d %s", code, errs)
	}
	if code, out, errs := run(Options{DBPath: path, Notice: notice, Delegation: "03", Commune: "lung nam", Date: "02/12/2026"}); code != 0 || !strings.Contains(out, "Đã soạn thông báo kết luận") {
		t.Fatalf("-notice: %d %s %s", code, out, errs)
	}
	if body := docxText(t, notice); !strings.Contains(body, "tại xã Lũng Nặm") || !strings.Contains(body, "122 đại biểu") {
		t.Errorf("the notice to Lũng Nặm:\n%s", body)
	}

	// A second visit to Lũng Nặm: the notice must be told which.
	s, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d, _ := s.ResolveDelegation(ctx, "03")
	visits, _ := s.Visits(ctx, db.VisitFilter{DelegationID: d.ID, Query: "Lũng Nặm"})
	on, _ := db.ParseDate("27/11/2026")
	again := &db.Visit{DelegationID: d.ID, CommuneID: visits[0].CommuneID, Date: on, Conclusions: "Lần làm việc thứ hai."}
	if err := s.Save(ctx, again); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, _, errs := run(Options{DBPath: path, Notice: notice, Delegation: "03", Commune: "Lũng Nặm"})
	if code != 1 || !strings.Contains(errs, "18/11/2026") || !strings.Contains(errs, "27/11/2026") || !strings.Contains(errs, "-visited") {
		t.Fatalf("a commune visited twice: %d %s", code, errs)
	}
	if code, _, errs := run(Options{DBPath: path, Notice: notice, Delegation: "03", Commune: "Lũng Nặm", Visited: "26/11/2026"}); code != 1 || !strings.Contains(errs, "26/11/2026") {
		t.Fatalf("-visited a day without a visit: %d %s", code, errs)
	}
	if code, _, errs := run(Options{DBPath: path, Notice: notice, Delegation: "03", Commune: "Lũng Nặm", Visited: "27/11/2026"}); code != 0 {
		t.Fatalf("-visited 27/11/2026: %d %s", code, errs)
	}
	if body := docxText(t, notice); !strings.Contains(body, "Lần làm việc thứ hai.") || strings.Contains(body, "122 đại biểu") {
		t.Errorf("the notice of the second visit:\n%s", body)
	}
}

// docxText is the text of a .docx's body, tags dropped.
func docxText(t *testing.T, file string) string {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(b), "")
		}
	}
	t.Fatalf("%s has no document.xml", file)
	return ""
}

// runHeadless runs the command line with o, and returns its exit code and
// what it printed on stdout and stderr.
func runHeadless(o Options) (int, string, string) {
	var out, errs bytes.Buffer
	code := RunHeadless(o, &out, &errs)
	return code, out.String(), errs.String()
}

// With -lang en the command line speaks English only: the sample, the
// backup, the check and the generator say what they did without a
// Vietnamese line beside it (the path holds none either).
func TestHeadlessEnglishOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gs.db")
	vietnamese := regexp.MustCompile(`[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]`)
	for _, o := range []Options{
		{DBPath: path, Sample: true, Lang: "en"},
		{DBPath: path, Sample: true, Lang: "en"},
		{DBPath: path, Backup: filepath.Join(dir, "copy.db"), Lang: "en"},
		{DBPath: path, Check: true, Lang: "en"},
		{DBPath: path, Generate: 3, Lang: "en"},
	} {
		var out, errs bytes.Buffer
		if code := RunHeadless(o, &out, &errs); code != 0 || out.Len() == 0 {
			t.Fatalf("%+v: %d %q %s", o, code, out.String(), errs.String())
		}
		// Names of the sample's communes are data, said as they are.
		said := strings.NewReplacer("Lũng Nặm", "", "Thông Nông", "").Replace(out.String())
		if vietnamese.MatchString(said) {
			t.Errorf("%+v printed Vietnamese with -lang en: %q", o, out.String())
		}
	}
}
