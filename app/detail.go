package app

func (u *UI) showDelegation(id string) {}
func (u *UI) showVisit(id string)      {}
func (u *UI) onExport()                {}
