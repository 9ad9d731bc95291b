package forms

import (
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// Text typed into a field that wraps at words is kept as typed, whatever
// the width: Fyne's own field put a space typed where the line wraps at
// the end of the text after the next word ("giáo vàDân "). Backspace
// right after such a space takes the space.
func TestWrappedFieldKeepsTypedSpaces(t *testing.T) {
	env, _ := setup(t)
	w := env.Window
	fs := &fieldSet{}
	texts := []string{
		"Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
		"Uy vien Ban Thuong vu Tinh uy, Truong Ban Tuyen giao va Dan van Tinh uy",
		"Hai  dấu cách  ở giữa, và\ndòng mới sau đó rồi viết tiếp cho dài",
	}
	broken := 0
	for _, text := range texts {
		for width := float32(60); width < 420; width += 3 {
			e := fs.multiline("", 2)
			w.SetContent(e)
			w.Resize(fyne.NewSize(width, 120))
			w.Canvas().Focus(e)
			for _, r := range text {
				if r == '\n' {
					e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
					continue
				}
				if unicode.IsUpper(r) { // as the window types a capital: Shift held
					e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
					e.TypedRune(r)
					e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
					continue
				}
				e.TypedRune(r)
			}
			if e.Text != text {
				broken++
				if broken < 5 {
					t.Errorf("width %v: typed %q, the field holds %q", width, text, e.Text)
				}
			}
			// A space and Backspace at the end: the space goes, nothing else.
			test.Type(e, " ")
			e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
			test.Type(e, "!")
			if e.Text != text+"!" {
				t.Errorf("width %v: space, Backspace, '!' gave %q", width, e.Text)
			}
		}
	}
	if broken > 0 {
		t.Errorf("%d widths lost a space", broken)
	}
}
