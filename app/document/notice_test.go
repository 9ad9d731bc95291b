package document

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"giamsat/db"
)

// notice drafts the notice of the delegation's visit to the commune named.
func notice(t *testing.T, s *db.Store, commune, lang string) (string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.ResolveDelegation(ctx, "03")
	if err != nil {
		t.Fatal(err)
	}
	visits, err := s.Visits(ctx, db.VisitFilter{DelegationID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		if v.CommuneName != commune {
			continue
		}
		out := filepath.Join(t.TempDir(), "thông báo.docx")
		date, _ := db.ParseDate("02/12/2026")
		if err := Notice(ctx, s, v.ID, out, Options{Lang: lang, Date: date}); err != nil {
			t.Fatal(err)
		}
		p := parts(t, out)
		return texts(t, p["word/document.xml"]), p
	}
	t.Fatalf("no visit to %s", commune)
	return "", nil
}

// The notice to Lũng Nặm says that visit's figures, its assessment, the
// difficulties and requests that apply to it (the common ones included),
// and nothing of Thông Nông's visit; its recipients start with the
// commune's Party committee.
func TestNoticeSaysOneVisit(t *testing.T) {
	s := sampleStore(t)
	got, p := notice(t, s, "Lũng Nặm", "vi")
	checkWordRules(t, p)
	for _, want := range []string{
		"TỈNH ỦY CAO BẰNG", "ĐOÀN GIÁM SÁT SỐ 03", "Số ……-TB/ĐGS", "Cao Bằng, ngày 02 tháng 12 năm 2026",
		"THÔNG BÁO", "Kết luận của Đoàn giám sát số 03 tại xã Lũng Nặm",
		"Thực hiện quyết định của Tỉnh ủy Cao Bằng về việc thành lập Đoàn giám sát số 03", "Đoàn giám sát làm việc với Đảng ủy xã Lũng Nặm",
		"Đảng ủy xã tổ chức 02 hội nghị cấp xã với 122 đại biểu tham dự; 40 hội nghị tại các chi bộ, đảng bộ trực thuộc với 563 đảng viên tham gia; Mặt trận Tổ quốc và các đoàn thể tổ chức nhiều đợt tuyên truyền.",
		"Tỷ lệ hộ nghèo và cận nghèo còn trên 53%", "Đạt 8/19 tiêu chí nông thôn mới",
		"I. KẾT QUẢ, ƯU ĐIỂM", "II. KHÓ KHĂN, HẠN CHẾ", "III. KẾT LUẬN VÀ YÊU CẦU",
		"Trụ sở, điều kiện làm việc còn chật hẹp", "Bảo đảm quốc phòng, an ninh trên địa bàn", "(thời hạn: 31/12/2026)",
		"Đoàn giám sát yêu cầu Đảng ủy xã Lũng Nặm:",
		"Nơi nhận:\n- Đảng ủy xã Lũng Nặm,\n- Thường trực Tỉnh ủy Cao Bằng (để b/c),\n- Các thành viên Đoàn giám sát,\n- Lưu VT.",
		"T/M ĐOÀN GIÁM SÁT", "TRƯỞNG ĐOÀN",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	// Thông Nông's own figures are not in Lũng Nặm's notice.
	for _, not := range []string{"110 đại biểu", "2.450", "1.200", "xã Thông Nông"} {
		if strings.Contains(got, not) {
			t.Errorf("the notice to Lũng Nặm says %q, which is Thông Nông's", not)
		}
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if last := lines[len(lines)-1]; last != "Nông Thanh Tùng" {
		t.Errorf("the notice ends with %q, not the head's name", last)
	}
}

func TestNoticeInEnglish(t *testing.T) {
	s := sampleStore(t)
	got, _ := notice(t, s, "Thông Nông", "en")
	for _, want := range []string{"NOTICE", "Conclusions of Supervision Delegation No. 03 at Thông Nông commune",
		"held 1 commune-level conference attended by 110 delegates", "with over 1,200 Party members",
		"Recipients:\n- Party Committee of Thông Nông commune,", "HEAD OF THE DELEGATION"} {
		if !strings.Contains(got, want) {
			t.Errorf("the English notice lacks %q:\n%s", want, got)
		}
	}
}

// A target that cannot be written is refused in the user's words, before
// anything is written, and the file is readable by others once written.
func TestDocumentTargets(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	d, err := s.ResolveDelegation(ctx, "03")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "không có", "r.docx"), "Thư mục không tồn tại"},
		{dir, "Tên tệp phải có đuôi .docx"},
		{filepath.Join(dir, "r.txt"), "Tên tệp phải có đuôi .docx"},
	} {
		err := Report(ctx, s, d.ID, c.path, Options{Lang: "vi"})
		var ue interface{ Message(string) string }
		if !errors.As(err, &ue) || !strings.Contains(ue.Message("vi"), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
	folder := filepath.Join(dir, "a.docx")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	err = Report(ctx, s, d.ID, folder, Options{Lang: "vi"})
	var ue interface{ Message(string) string }
	if !errors.As(err, &ue) || !strings.Contains(ue.Message("vi"), folder) {
		t.Errorf("a folder named a.docx: %v", err)
	}
	ok := filepath.Join(dir, "r.docx")
	if err := Report(ctx, s, d.ID, ok, Options{Lang: "vi"}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(ok); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o644) {
		t.Errorf("the report's mode: %v %v", st.Mode(), err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".giamsat-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
