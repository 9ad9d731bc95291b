package forms

import (
	"testing"

	"fyne.io/fyne/v2/theme"
)

// A grid too narrow for its columns takes first from the column that may
// go narrower (a session's mode), then from the others by their size; the
// kept column keeps its width; a wide enough grid shares the rest by
// weight.
func TestGridWidths(t *testing.T) {
	pad := theme.Padding()
	g := gridLayout{cols: []gridColumn{{min: 100, keep: true}, {min: 100, weight: 1}, {min: 200, weight: 1, least: 120}}}
	sum := func(ws []float32) float32 { return ws[0] + ws[1] + ws[2] + 2*pad }
	// 60 short: the mode column gives it all.
	ws := g.widths(340 + 2*pad)
	if ws[0] != 100 || ws[1] != 100 || ws[2] != 140 {
		t.Errorf("60 short: %v", ws)
	}
	// 120 short: the mode column goes to its least (80), the other 40
	// comes from the two that give, by size.
	ws = g.widths(280 + 2*pad)
	if ws[0] != 100 || sum(ws) != 280+2*pad || ws[2] > 120 || ws[1] >= 100 {
		t.Errorf("120 short: %v", ws)
	}
	// Room to spare: shared by weight.
	ws = g.widths(500 + 2*pad)
	if ws[0] != 100 || ws[1] != 150 || ws[2] != 250 {
		t.Errorf("100 to spare: %v", ws)
	}
}
