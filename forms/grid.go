package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// gridColumn is a column of a form laid out as a grid: at least min wide,
// and a share (weight) of the width left over.
type gridColumn struct {
	min, weight float32
	// keep is a column that keeps its minimum when the grid is too narrow
	// (the others give up what is missing): the levels' names, which would
	// wrap to a third line and make the rows taller than the window.
	keep bool
	// least, when set, is how narrow the column goes first when the grid
	// is too narrow, before the others give anything: a drop-down whose
	// longest choice is rare (a session's mode "in person and online")
	// cuts that one rather than the qualifiers' every "Chính xác".
	least float32
}

// gridLayout lays objects out as rows of len(cols) cells, left to right
// then top to bottom, as aggregate entry forms do (a row per level, a
// column per figure): the Tab key follows the same order. A cell in wide
// takes the rest of its row. Columns share the width by weight above
// their minimum; a row is as tall as its tallest cell, which for a
// wrapped label is measured at its column's width.
type gridLayout struct {
	cols []gridColumn
	wide map[fyne.CanvasObject]bool
}

// rows cuts objs into the grid's rows.
func (g gridLayout) rows(objs []fyne.CanvasObject) [][]fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	for _, o := range objs {
		row = append(row, o)
		if len(row) == len(g.cols) || g.wide[o] {
			out = append(out, row)
			row = nil
		}
	}
	if len(row) > 0 {
		out = append(out, row)
	}
	return out
}

func (g gridLayout) widths(total float32) []float32 {
	pad := theme.Padding()
	var mins, weights, giving float32
	for _, c := range g.cols {
		mins += c.min
		weights += c.weight
		if !c.keep {
			giving += c.min
		}
	}
	spare := total - mins - pad*float32(len(g.cols)-1)
	out := make([]float32, len(g.cols))
	for i, c := range g.cols {
		out[i] = c.min
		if spare < 0 && c.least > 0 && c.least < c.min { // too narrow: this one first
			give := min(c.min-c.least, -spare)
			out[i] -= give
			spare += give
			giving -= give
		}
	}
	for i, c := range g.cols {
		switch {
		case spare > 0 && weights > 0:
			out[i] += spare * c.weight / weights
		case spare < 0 && giving > 0 && !c.keep: // too narrow: the others give their share
			out[i] += spare * out[i] / giving
		}
	}
	return out
}

// cellWidth is the width of the i-th cell of row: its column's, or for a
// wide cell the rest of the row.
func (g gridLayout) cellWidth(row []fyne.CanvasObject, i int, widths []float32, total float32, x float32) float32 {
	if g.wide[row[i]] && i == len(row)-1 {
		return total - x
	}
	return widths[i]
}

func (g gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	widths := g.widths(size.Width)
	y := float32(0)
	for _, row := range g.rows(objs) {
		height := float32(0)
		x := float32(0)
		for i, o := range row {
			w := g.cellWidth(row, i, widths, size.Width, x)
			o.Resize(fyne.NewSize(w, o.MinSize().Height)) // a wrapped label measures at its width
			height = max(height, o.MinSize().Height)
			x += w + pad
		}
		x = 0
		for i, o := range row {
			w := g.cellWidth(row, i, widths, size.Width, x)
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, height))
			x += w + pad
		}
		y += height + pad
		if g.wide[row[len(row)-1]] {
			y += 2 * pad // a band ends
		}
	}
}

func (g gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var width float32
	for _, c := range g.cols {
		width += c.min
	}
	width += pad * float32(len(g.cols)-1)
	// Narrower than every minimum it still lays out (the columns give
	// their share), so that it never pushes the window's other pane.
	width *= 0.8
	height := float32(0)
	for _, cells := range g.rows(objs) {
		row := float32(0)
		for _, o := range cells {
			h := o.MinSize().Height
			if l, ok := o.(*widget.Label); ok && l.Wrapping != fyne.TextWrapOff {
				h = max(h, 2*fyne.MeasureText("Ág", theme.TextSize(), l.TextStyle).Height+2*theme.InnerPadding())
			}
			row = max(row, h)
		}
		height += row + pad
		if g.wide[cells[len(cells)-1]] {
			height += 2 * pad
		}
	}
	return fyne.NewSize(width, max(0, height-pad))
}

// splitLayout puts two objects side by side, the first first wide (at
// most 70 %: the same in every row, so that the columns line up) and the
// second the rest: a qualifier and its number in one cell of a grid.
// splitLayout puts two objects side by side, the first first wide; the
// second keeps at least second (a count's box, which would otherwise
// scroll its figure out of sight when the grid is narrow).
type splitLayout struct{ first, second float32 }

func (s splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	first := max(0, min(s.first, (size.Width-pad)*0.7, size.Width-pad-s.second))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(first, size.Height))
	objs[1].Move(fyne.NewPos(first+pad, 0))
	objs[1].Resize(fyne.NewSize(size.Width-first-pad, size.Height))
}

func (s splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := max(objs[0].MinSize().Height, objs[1].MinSize().Height)
	return fyne.NewSize(s.first+theme.Padding()+objs[1].MinSize().Width, h)
}

// choiceWidth is the width of a drop-down of cs showing its longest
// choice whole: the text and the drop-down's own padding and arrow.
func choiceWidth(cs db.Choices, lang string) float32 {
	longest := float32(0)
	for _, c := range cs {
		longest = max(longest, fyne.MeasureText(c.Label(lang), theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return longest + 4*theme.InnerPadding() + theme.IconInlineSize() + 2
}

// heading is a column's title in a grid: bold, on one line.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// withRemove is a row of a list with its Delete button on the right and,
// when given, a line under it. The button comes first in the Tab order:
// from the last field of the last row, Tab goes to "Add …", not to a
// Delete button.
func withRemove(remove fyne.CanvasObject, under fyne.CanvasObject, content ...fyne.CanvasObject) *fyne.Container {
	right := container.NewVBox(remove)
	objs := []fyne.CanvasObject{right}
	if under != nil {
		objs = append(objs, under)
	}
	objs = append(objs, content...)
	return container.New(layout.NewBorderLayout(nil, under, nil, right), objs...)
}
