package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// navTree is the navigation tree, usable from the keyboard: arrows move,
// Enter (like Space) opens the record under the cursor.
type navTree struct {
	widget.Tree
}

func newNavTree(m *navModel, create func(bool) fyne.CanvasObject, update func(widget.TreeNodeID, bool, fyne.CanvasObject)) *navTree {
	t := &navTree{}
	t.ChildUIDs = m.childIDs
	t.IsBranch = m.isBranch
	t.CreateNode = create
	t.UpdateNode = update
	t.ExtendBaseWidget(t)
	return t
}

// TypedKey opens the record under the cursor on Enter.
func (t *navTree) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		k = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	t.Tree.TypedKey(k)
}

// searchEntry is the search box: Down or Enter moves into the tree, to
// choose among what the search found.
type searchEntry struct {
	widget.Entry
	next func() // to the tree
	open func() // the first record found
}

func newSearchEntry(next, open func()) *searchEntry {
	e := &searchEntry{next: next, open: open}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey moves to the tree on Down, and opens the first record found
// on Enter.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.next()
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		e.open()
		return
	}
	e.Entry.TypedKey(k)
}
