package document

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"giamsat/assets/text"
	"giamsat/db"
	"giamsat/db/dbtest"
)

func sampleStore(t *testing.T) *db.Store {
	t.Helper()
	return dbtest.Sample(t)
}

// parts reads every part of a .docx.
func parts(t *testing.T, file string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		out[f.Name] = string(b)
	}
	return out
}

// texts is the document's text, a paragraph a line.
func texts(t *testing.T, docXML string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(docXML))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "t"
			if x.Name.Local == "tab" {
				b.WriteString("\t")
			}
		case xml.EndElement:
			if x.Name.Local == "p" {
				b.WriteString("\n")
			}
			inText = false
		case xml.CharData:
			if inText {
				b.Write(x)
			}
		}
	}
	return b.String()
}

func draft(t *testing.T, s *db.Store, lang string) (string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.ResolveDelegation(ctx, "03")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "báo cáo.docx")
	date, _ := db.ParseDate("01/12/2026")
	if err := Report(ctx, s, d.ID, out, Options{Lang: lang, Date: date, Annex: "phu-luc.xlsx"}); err != nil {
		t.Fatal(err)
	}
	p := parts(t, out)
	return texts(t, p["word/document.xml"]), p
}

// The report says every figure of the worked example with its qualifier,
// as the article writes it, the common difficulties and requests once,
// and ends with the recipients and the head's signature.
func TestReportSaysTheWorkedExample(t *testing.T) {
	s := sampleStore(t)
	got, _ := draft(t, s, "vi")
	for _, want := range []string{
		"TỈNH ỦY CAO BẰNG", "ĐOÀN GIÁM SÁT SỐ 03", "Số 12-BC/ĐGS", "ĐẢNG CỘNG SẢN VIỆT NAM", "Cao Bằng, ngày 01 tháng 12 năm 2026",
		"BÁO CÁO", "Kết quả giám sát việc quán triệt, triển khai thực hiện nghị quyết của Đảng tại các xã Lũng Nặm và Thông Nông",
		"Nông Thanh Tùng (Trưởng đoàn", "Lý Văn Giang (Phó Trưởng đoàn", "Tại các xã Lũng Nặm, Thông Nông: Đoàn giám sát ghi nhận",
		"Đảng ủy xã tổ chức 02 hội nghị cấp xã với 122 đại biểu tham dự; 40 hội nghị tại các chi bộ, đảng bộ trực thuộc với 563 đảng viên tham gia; Mặt trận Tổ quốc và các đoàn thể tổ chức nhiều đợt tuyên truyền.",
		"Đảng ủy xã tổ chức 01 hội nghị cấp xã với 110 đại biểu tham dự; 41 hội nghị tại các chi bộ, đảng bộ trực thuộc với trên 1.200 đảng viên tham gia; Mặt trận Tổ quốc và các đoàn thể tổ chức 44 đợt tuyên truyền với 2.450 lượt người nghe.",
		"- Tỷ lệ hộ nghèo và cận nghèo còn trên 53%.", "- Đạt 8/19 tiêu chí nông thôn mới.", "- Thành lập 05 đoàn kiểm tra.",
		"- Trên 98% thủ tục hành chính được số hóa.", "- Tỷ lệ sử dụng dịch vụ công trực tuyến đạt trên 65%.",
		"Đối với Đảng ủy các xã Lũng Nặm, Thông Nông:", "(thời hạn: 31/12/2026)", "(Số liệu chi tiết tại Phụ lục kèm theo.)",
		"đồng chí Nông Thanh Tùng (Trưởng đoàn", "do đồng chí Nông Thanh Tùng, Trưởng Đoàn giám sát số 03 chủ trì", "Khó khăn, hạn chế chung của các xã:",
		"Nơi nhận:", "- Thường trực Tỉnh ủy Cao Bằng (để b/c),", "- Đảng ủy xã Lũng Nặm, Thông Nông,", "- Lưu VT.",
		"T/M ĐOÀN GIÁM SÁT", "TRƯỞNG ĐOÀN",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Common to both communes: said once, not once per commune.
	for _, once := range []string{"Trụ sở, điều kiện làm việc còn chật hẹp", "Bảo đảm quốc phòng, an ninh trên địa bàn", "Đoàn giám sát ghi nhận, đánh giá cao"} {
		if n := strings.Count(got, once); n != 1 {
			t.Errorf("%q is said %d times, want once", once, n)
		}
	}
	// A figure not recorded is left out, never 0.
	if strings.Contains(got, " 0 ") || strings.Contains(got, " 00 ") {
		t.Errorf("a zero in the report:\n%s", got)
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if last := lines[len(lines)-1]; last != "Nông Thanh Tùng" {
		t.Errorf("the report ends with %q, not the head's name", last)
	}
}

func TestReportInEnglish(t *testing.T) {
	s := sampleStore(t)
	got, _ := draft(t, s, "en")
	for _, want := range []string{"COMMUNIST PARTY OF VIETNAM", "REPORT", "The commune Party committee held 2 commune-level conferences attended by 122 delegates", "held 1 commune-level conference attended by 110 delegates",
		"the Fatherland Front and mass organisations held many campaigns", "with over 1,200 Party members", "HEAD OF THE DELEGATION"} {
		if !strings.Contains(got, want) {
			t.Errorf("the English report lacks %q:\n%s", want, got)
		}
	}
}

// The parts follow the rules Word enforces (there is no Word here): well
// formed, children of w:pPr, w:rPr, w:sectPr and w:tblPr in the schema's
// order, every relationship's target present, a content type for every
// part; and the page is A4 with the Party document's margins, Times New
// Roman 14 for the body, page numbers in the header but the first page's.
func TestReportKeepsWordsRules(t *testing.T) {
	s := sampleStore(t)
	_, p := draft(t, s, "vi")
	checkWordRules(t, p)
}

// checkWordRules checks the parts of a .docx against the rules Word
// enforces, and the Party document's page and fonts.
func checkWordRules(t *testing.T, p map[string]string) {
	t.Helper()
	order := map[string][]string{
		"pPr":    {"pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"},
		"rPr":    {"rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"},
		"sectPr": {"headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"},
		"tblPr":  {"tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"},
	}
	for name, content := range p {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(content))
		var stack []string
		last := map[int]int{} // depth -> index in its parent's order
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well formed: %v", name, err)
			}
			switch x := tok.(type) {
			case xml.StartElement:
				if len(stack) > 0 {
					if list, ok := order[stack[len(stack)-1]]; ok {
						i := slices.Index(list, x.Name.Local)
						if i < 0 {
							t.Errorf("%s: %s inside %s, which the schema does not allow", name, x.Name.Local, stack[len(stack)-1])
						} else if i < last[len(stack)] {
							t.Errorf("%s: %s after %s inside %s", name, x.Name.Local, list[last[len(stack)]], stack[len(stack)-1])
						} else {
							last[len(stack)] = i
						}
					}
				}
				stack = append(stack, x.Name.Local)
				last[len(stack)] = 0
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			}
		}
	}
	// Relationships point to parts that are there; every part has a type.
	for _, rels := range []struct{ file, base string }{{"_rels/.rels", ""}, {"word/_rels/document.xml.rels", "word"}} {
		var r struct {
			Rel []struct {
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal([]byte(p[rels.file]), &r); err != nil {
			t.Fatal(err)
		}
		for _, rel := range r.Rel {
			if _, ok := p[path.Join(rels.base, rel.Target)]; !ok {
				t.Errorf("%s points to %s, which is not there", rels.file, rel.Target)
			}
		}
	}
	for name := range p {
		if !strings.Contains(p["[Content_Types].xml"], `PartName="/`+name+`"`) && !strings.HasSuffix(name, ".rels") && name != "[Content_Types].xml" {
			t.Errorf("%s has no content type", name)
		}
	}
	doc := p["word/document.xml"]
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="1134" w:right="850" w:bottom="1134" w:left="1701"`,
		`<w:titlePg/>`, `<w:headerReference w:type="first"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["word/styles.xml"], `w:ascii="Times New Roman"`) || !strings.Contains(p["word/styles.xml"], `<w:sz w:val="28"/>`) {
		t.Error("the body is not Times New Roman 14")
	}
	if !strings.Contains(p["word/header1.xml"], "PAGE") || strings.Contains(p["word/header2.xml"], "PAGE") {
		t.Error("page numbers: in the header from the second page, none on the first")
	}
}

// The phrases the report builds from a level's code are in the catalogue.
func TestSentenceKeysInTheCatalogue(t *testing.T) {
	vi, _ := text.Catalogue("vi")
	en, _ := text.Catalogue("en")
	for _, l := range db.SessionLevels {
		for _, k := range []string{l.Code + " held (sentence)", l.Code + " held one (sentence)", l.Code + " participants (sentence)"} {
			if vi[k] == "" || en[k] == "" {
				t.Errorf("%q is not in the catalogue", k)
			}
		}
	}
}

// Every built-in indicator has its phrase in both languages; one the users
// renamed, and one they added, are written generically.
func TestIndicatorPhrases(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		c, _ := text.Catalogue(lang)
		for _, d := range db.DefaultIndicators() {
			if c[PhraseKey(d.Code)] == "" {
				t.Errorf("%s: no phrase for %s", lang, d.Code)
			}
		}
	}
	s := sampleStore(t)
	ctx := context.Background()
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range inds {
		if d.Code == "ntm_criteria" {
			d.NameVI = "Số tiêu chí nông thôn mới"
			if err := s.Save(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, _ := draft(t, s, "vi")
	if !strings.Contains(got, "- Số tiêu chí nông thôn mới: 8/19.") || strings.Contains(got, "Đạt 8/19") {
		t.Errorf("a renamed indicator keeps the built-in phrase:\n%s", got)
	}
	if !strings.Contains(got, "- Tỷ lệ hộ nghèo và cận nghèo còn trên 53%.") {
		t.Error("the other built-in phrases are gone")
	}
	en, _ := draft(t, s, "en")
	for _, want := range []string{"- Poor and near-poor households still make up over 53% of all households.", "- 5 inspection teams formed."} {
		if !strings.Contains(en, want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
}
