// Package document drafts a delegation's documents as Word files (.docx):
// the report on the supervision's results and the notice of conclusions,
// in the Party document format (Times New Roman on A4, the two header
// blocks, page numbers centred at the top, none on the first page). It
// writes the WordprocessingML parts itself with archive/zip: the .docx
// libraries served here lack a separate first-page header and a page
// number field. No Fyne in it.
package document

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
)

// docx is a document being written: its body's XML.
type docx struct {
	body strings.Builder
}

// run is text with its look: a size in points (0: the body's 14), bold,
// italic, underlined.
type run struct {
	text                    string
	size                    float64
	bold, italic, underline bool
}

// para is a paragraph's layout.
type para struct {
	align    string  // "left", "center", "right", "both" (justified)
	indent   float64 // first line, in cm
	before   float64 // space before, in points
	after    float64 // space after, in points
	keepNext bool    // on the same page as the next paragraph
}

// escape makes text safe in XML, keeping line breaks as Word's.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString(`</w:t><w:tab/><w:t xml:space="preserve">`)
		case '\n':
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		default:
			if r < 0x20 {
				continue // no control characters in XML
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// runXML is a run: its properties in the order Word requires (b, i, sz,
// u), then its text.
func runXML(r run) string {
	var p strings.Builder
	if r.bold {
		p.WriteString("<w:b/><w:bCs/>")
	}
	if r.italic {
		p.WriteString("<w:i/><w:iCs/>")
	}
	size := r.size
	if size == 0 {
		size = 14
	}
	fmt.Fprintf(&p, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(size*2), int(size*2))
	if r.underline {
		p.WriteString(`<w:u w:val="single"/>`)
	}
	return `<w:r><w:rPr>` + p.String() + `</w:rPr><w:t xml:space="preserve">` + escape(r.text) + `</w:t></w:r>`
}

// paraXML is a paragraph of runs; its properties in Word's order
// (keepNext, spacing, ind, jc).
func paraXML(p para, runs ...run) string {
	var pp strings.Builder
	if p.keepNext {
		pp.WriteString("<w:keepNext/>")
	}
	fmt.Fprintf(&pp, `<w:spacing w:before="%d" w:after="%d"/>`, int(p.before*20), int(p.after*20))
	if p.indent != 0 {
		fmt.Fprintf(&pp, `<w:ind w:firstLine="%d"/>`, int(p.indent*567))
	}
	align := p.align
	if align == "" {
		align = "both"
	}
	fmt.Fprintf(&pp, `<w:jc w:val="%s"/>`, align)
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>" + pp.String() + "</w:pPr>")
	for _, r := range runs {
		b.WriteString(runXML(r))
	}
	b.WriteString("</w:p>")
	return b.String()
}

// keepLast keeps the last n paragraphs written with what follows them
// (the signature is never alone on a page).
func (d *docx) keepLast(n int) {
	s := d.body.String()
	for i := len(s); n > 0; n-- {
		j := strings.LastIndex(s[:i], "<w:p><w:pPr>")
		if j < 0 {
			break
		}
		at := j + len("<w:p><w:pPr>")
		if !strings.HasPrefix(s[at:], "<w:keepNext/>") {
			s = s[:at] + "<w:keepNext/>" + s[at:]
		}
		i = j
	}
	d.body.Reset()
	d.body.WriteString(s)
}

// p adds a paragraph.
func (d *docx) p(layout para, runs ...run) { d.body.WriteString(paraXML(layout, runs...)) }

// blocks adds two blocks side by side, in a table without borders: the
// header's and the signature's. Each cell holds its paragraphs' XML.
func (d *docx) blocks(leftWidth, rightWidth float64, left, right []string) {
	tw := func(cm float64) int { return int(cm * 567) }
	d.body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(tw(leftWidth+rightWidth)) + `" w:type="dxa"/>` +
		`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>` +
		`<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`)
	fmt.Fprintf(&d.body, `<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid>`, tw(leftWidth), tw(rightWidth))
	// The two blocks stay on one page: a signature never parts from its
	// recipients.
	d.body.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
	for i, cell := range [][]string{left, right} {
		width := leftWidth
		if i == 1 {
			width = rightWidth
		}
		fmt.Fprintf(&d.body, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, tw(width))
		if len(cell) == 0 {
			cell = []string{paraXML(para{})}
		}
		for _, x := range cell {
			d.body.WriteString(x)
		}
		d.body.WriteString("</w:tc>")
	}
	d.body.WriteString("</w:tr></w:tbl>")
}

// line is a paragraph with a solid line under it as long as its text: the
// line under "ĐẢNG CỘNG SẢN VIỆT NAM" is the paragraph's bottom border,
// with the paragraph indented to the text's width (Word draws a
// paragraph's border across its width).
func lineUnder(text string, size float64, cellWidth, textWidth float64) string {
	side := int((cellWidth - textWidth) / 2 * 567)
	if side < 0 {
		side = 0
	}
	return fmt.Sprintf(`<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`+
		`<w:spacing w:before="0" w:after="0"/><w:ind w:left="%d" w:right="%d"/><w:jc w:val="center"/></w:pPr>%s</w:p>`,
		side, side, runXML(run{text: text, size: size, bold: true}))
}

// The parts of a .docx.
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`
	packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`
	documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
		`</Relationships>`
	appProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Giám sát</Application></Properties>`
	settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/></w:settings>`
	// styles: Times New Roman 14 for the body, Vietnamese.
	styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
		`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`</w:styles>`
	// header1: the page number, centred (pages after the first);
	// header2: the first page's, empty.
	header1 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`
	header2 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>`
)

// sectPr is the page: A4 portrait, the Party document's margins (top and
// bottom 20 mm, left 30, right 15), the page number in the header from
// the second page. Its children in Word's order.
const sectPr = `<w:sectPr xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/>` +
	`<w:pgSz w:w="11906" w:h="16838"/>` +
	`<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>` +
	`<w:titlePg/></w:sectPr>`

// cellMarginCM is a table cell's left and right margin, Word's default.
const cellMarginCM = 0.19

// textWidthCM is the text's width across the page: A4 less the margins.
const textWidthCM = 21.0 - 3.0 - 1.5

// write writes the document as a .docx to w.
func (d *docx) write(w io.Writer) error {
	z := zip.NewWriter(w)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		d.body.String() + sectPr + `</w:body></w:document>`
	for _, part := range []struct{ name, content string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/app.xml", appProps},
		{"word/document.xml", doc},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"word/header1.xml", header1},
		{"word/header2.xml", header2},
	} {
		f, err := z.Create(part.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, part.content); err != nil {
			return err
		}
	}
	return z.Close()
}
