package report

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Times New Roman's advance widths, in thousandths of the font size, for
// the printable ASCII characters (from its published metrics; Liberation
// Serif, which LibreOffice prints it with, has the same).
var asciiWidths = [95]uint16{
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // space to /
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, // 0 to 9
	278, 278, 564, 564, 564, 444, 921, // : to @
	722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, // A to M
	722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, // N to Z
	333, 278, 333, 469, 500, 333, // [ to `
	444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, // a to m
	500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, // n to z
	480, 200, 480, 541, // { to ~
}

// letterWidths are the widths of accented letters (Vietnamese's and the
// rest of Latin): their base letter's, found once by decomposing them.
var letterWidths = func() map[rune]uint16 {
	m := map[rune]uint16{'đ': 500, 'Đ': 722, 'ơ': 520, 'Ơ': 740, 'ư': 520, 'Ư': 740, '…': 1000, '–': 500, '—': 1000, '«': 500, '»': 500}
	for r := rune(0xC0); r <= 0x1EFF; r++ {
		if _, ok := m[r]; ok {
			continue
		}
		base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
		if base >= ' ' && base <= '~' {
			m[r] = asciiWidths[base-' ']
		}
	}
	return m
}()

func runeWidth(r rune) float64 {
	if r >= ' ' && r <= '~' {
		return float64(asciiWidths[r-' '])
	}
	if w, ok := letterWidths[r]; ok {
		return float64(w)
	}
	if r >= 0x300 && r <= 0x36F { // a combining accent
		return 0
	}
	return 556
}

// wrappedLines is the number of lines text takes in a cell of width
// Excel column units, in Times New Roman of size points, wrapped at spaces
// as Excel and LibreOffice wrap it (a word longer than the line breaks
// where it must).
func wrappedLines(text string, width, size float64) int { return wrapWalk(text, width, size, nil) }

// wrapWalk counts the lines of wrappedLines, and calls at, when it is not
// nil, with the byte offset in text where each line after the first starts.
func wrapWalk(text string, width, size float64, at func(offset int)) int {
	// A column unit is the width of a digit of the workbook's font (Times
	// New Roman 11: 7 pixels) and 5 pixels of margin; the text has the
	// column less 2 pixels each side. Pixels at 96 per inch; a character's
	// width in pixels is its width in thousandths × size × 96/72 / 1000.
	// The text is taken 6% wider than its metrics, for what rounding and
	// kerning add on paper.
	room := width*7 + 5 - 4
	scale := size * 96 / 72 / 1000 * 1.06
	lines, off := 0, 0
	newLine := func(offset int) {
		lines++
		if at != nil && lines > 1 {
			at(offset)
		}
	}
	for part := range strings.SplitSeq(text, "\n") {
		partStart := off
		off += len(part) + 1
		newLine(partStart)
		if float64(utf8.RuneCountInString(part))*1000*scale <= room {
			continue // fits whatever its letters
		}
		line, wordStart := 0.0, partStart
		for word := range strings.SplitSeq(part, " ") {
			start := wordStart
			wordStart += len(word) + 1
			w := 0.0
			for _, r := range word {
				w += runeWidth(r) * scale
			}
			space := 0.0
			if line > 0 {
				space = 250 * scale
			}
			switch {
			case line+space+w <= room:
				line += space + w
			case w <= room:
				newLine(start)
				line = w
			default: // a word longer than the line breaks inside
				if line > 0 {
					newLine(start)
				}
				line = 0
				for k, r := range word {
					cw := runeWidth(r) * scale
					if line+cw > room && line > 0 {
						newLine(start + k)
						line = 0
					}
					line += cw
				}
			}
		}
	}
	return max(lines, 1)
}

// wordUnits is the width of word in Times New Roman of size points (bold
// about 8 % wider), in Excel column units, as wrappedLines measures: the
// width a column needs to hold it on one line.
func wordUnits(word string, size float64, bold bool) float64 {
	scale := size * 96 / 72 / 1000 * 1.06
	if bold {
		scale *= 1.08
	}
	w := 0.0
	for _, r := range word {
		w += runeWidth(r) * scale
	}
	return (w + 4 - 5) / 7
}
