package exchange

import (
	"encoding/json"
	"fmt"
	"strings"

	"giamsat/assets/text"
	"giamsat/db"
)

// Report says, table by table, what receiving does (or did), then each
// conflict and the version kept, in lang.
func (p *Plan) Report(lang string) string {
	var b strings.Builder
	if note := p.MissingNote(lang); note != "" {
		b.WriteString("! " + note + "\n")
	}
	words := [6]string{"%s new", "%s updated", "%s unchanged", "%s deleted", "%s in conflict", "%s matched in the catalogue"}
	for _, table := range db.SyncedTables() {
		t := p.Tallies[table]
		if t == nil || *t == (Tally{}) {
			continue
		}
		var parts []string
		for i, n := range []int{t.New, t.Updated, t.Unchanged, t.Deleted, t.Conflicts, t.Matched} {
			if n > 0 {
				parts = append(parts, text.F(words[i], db.FormatNumber(float64(n), lang)).In(lang))
			}
		}
		fmt.Fprintf(&b, "%-24s %s\n", TableName(table, lang)+":", strings.Join(parts, ", "))
	}
	for _, c := range p.Conflicts {
		kept := text.Say(lang, map[string]string{
			"taken":  "the received version taken",
			"kept":   "this database's version kept",
			"merged": "merged field by field",
		}[c.Outcome()])
		fmt.Fprintf(&b, "! %s: %s\n", c.Describe(lang), kept)
		for _, ch := range c.Changes(lang) {
			fmt.Fprintf(&b, "    %s\n", ch)
		}
	}
	return b.String()
}

// Describe names the record in conflict as the user knows it, with when
// each side last changed it.
func (c *Conflict) Describe(lang string) string {
	at := func(r db.Record) string { return db.FormatMomentExact(db.MetaOf(r).UpdatedAt) }
	what := Label(c.Local, lang)
	if w := c.where.of(lang); w != "" {
		if _, visit := c.Local.(*db.Visit); visit { // "Buổi làm việc tại Lũng Nặm ngày 18/11/2026"
			what = strings.ToUpper(w[:1]) + w[1:]
		} else {
			what += ", " + w
		}
	}
	return text.F("%s (this PC's version changed %s, the received one %s)", what, at(c.Local), at(c.Incoming)).In(lang)
}

// place says where a record belongs, as its users know it: the visit
// (commune and date) or the delegation.
type place struct {
	commune, date, delegation string
}

func (p place) of(lang string) string {
	switch {
	case p.commune != "":
		return text.F("visit to %s on %s", p.commune, p.date).In(lang)
	case p.delegation != "":
		return text.F("delegation No. %s", p.delegation).In(lang)
	}
	return ""
}

// Changes says what differs between this database's version and the
// received one, a line a field: "Chủ trì: «…» ở máy này, «…» bên gửi".
func (c *Conflict) Changes(lang string) []string {
	var out []string
	if note := c.DeletionNote(lang); note != "" {
		out = append(out, note)
	}
	for _, f := range c.FieldChanges(lang) {
		out = append(out, f.Text)
	}
	return out
}

// DeletionNote says, when one side deleted the record, which one, and for
// a deletion that comes from the record's parent, what taking it takes.
func (c *Conflict) DeletionNote(lang string) string {
	l, r := db.MetaOf(c.Local).Deleted(), db.MetaOf(c.Incoming).Deleted()
	if c.Parent != nil {
		parent := Label(c.Parent, lang)
		if r {
			goes := describeGoes(c.Goes, lang)
			return text.F("The sender deleted %s, which this PC's record belongs to; taking the deletion deletes here: %s", parent, goes).In(lang)
		}
		return text.F("This PC deleted %[1]s; the sender added or changed this record under it. Taking it brings %[1]s back", parent).In(lang)
	}
	switch {
	case l && !r:
		return text.Say(lang, "Deleted here; the sender changed it")
	case r && !l:
		return text.Say(lang, "The sender deleted it; changed here")
	}
	return ""
}

// FieldChanges lists the fields where the versions differ: "Chủ trì: «…»
// máy này, «…» bên gửi".
func (c *Conflict) FieldChanges(lang string) []FieldChange {
	short := func(s string) string {
		if r := []rune(s); len(r) > 60 {
			return string(r[:60]) + "…"
		}
		if s == "" {
			return text.Say(lang, "(empty)")
		}
		return s
	}
	var out []FieldChange
	for _, d := range db.Differences(c.Local, c.Incoming) {
		if cs := db.ChoicesOf(c.Table, d.Column); cs != nil {
			d.A, d.B = cs.Label(d.A, lang), cs.Label(d.B, lang)
		}
		a, b := d.A, d.B
		// Two long texts that start alike: show where they part.
		if ra, rb := []rune(a), []rune(b); len(ra) > 60 || len(rb) > 60 {
			i := 0
			for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
				i++
			}
			if i > 30 {
				a, b = "…"+string(ra[i-20:]), "…"+string(rb[i-20:])
			}
		}
		out = append(out, FieldChange{d.Column, text.F("%s: «%s» here, «%s» sent", db.Label(lang, c.Table, d.Column), short(a), short(b)).In(lang)})
	}
	return out
}

// Label names a record in a few words.
func Label(r db.Record, lang string) string {
	name := TableName(db.TableOf(r), lang)
	short := func(s string) string {
		if len([]rune(s)) > 50 {
			return string([]rune(s)[:50]) + "…"
		}
		return s
	}
	switch v := r.(type) {
	case *db.Commune:
		return name + " " + v.Name
	case *db.Indicator:
		return name + " " + v.Name(lang)
	case *db.Delegation:
		return name + " " + v.Number
	case *db.Member:
		return name + " " + v.FullName
	case *db.Visit:
		return name + " " + v.Date.String()
	case *db.Session:
		return name + " (" + db.SessionLevels.Label(v.Level, lang) + ")"
	case *db.IndicatorValue:
		return name + " " + db.FormatNumber(v.Value, lang)
	case *db.Difficulty:
		return name + " «" + short(v.Description) + "»"
	case *db.Request:
		return name + " «" + short(v.Text) + "»"
	}
	return name + " " + db.MetaOf(r).ID
}

// Report lists the records per table in lang, a line a table, with the
// deletions among them; no records is said so.
func (c Counts) Report(lang string, deletions Counts) string {
	var b strings.Builder
	for _, table := range db.SyncedTables() {
		if n := c[table]; n > 0 {
			line := fmt.Sprintf("%-24s %s", TableName(table, lang)+":", db.FormatNumber(float64(n), lang))
			if d := deletions[table]; d > 0 {
				line += text.F(" (of which %s deleted)", db.FormatNumber(float64(d), lang)).In(lang)
			}
			b.WriteString(line + "\n")
		}
	}
	if b.Len() == 0 {
		return text.Say(lang, "no records: nothing changed") + "\n"
	}
	return b.String()
}

// LogSummary says in lang what an entry of the log of packages held (sent)
// or changed (received); summary is the entry's JSON.
func LogSummary(direction, summary, lang string) string {
	if direction == "sent" {
		var c Counts
		if json.Unmarshal([]byte(summary), &c) != nil {
			return summary
		}
		return text.F("%s records", db.FormatNumber(float64(c.Total()), lang)).In(lang)
	}
	var ls logSummary
	if json.Unmarshal([]byte(summary), &ls) != nil {
		return summary
	}
	sum := Sum(ls.Tables)
	words := [5]string{"%s new", "%s updated", "%s deleted", "%s in conflict", "%s unchanged"}
	var parts []string
	for i, n := range []int{sum.New, sum.Updated, sum.Deleted, sum.Conflicts, sum.Unchanged} {
		if n > 0 {
			parts = append(parts, text.F(words[i], db.FormatNumber(float64(n), lang)).In(lang))
		}
	}
	out := strings.Join(parts, ", ")
	if ls.Taken+ls.Kept+ls.Merged > 0 {
		out += text.F(" (conflicts: %d received version taken, %d this PC's kept, %d merged field by field)", ls.Taken, ls.Kept, ls.Merged).In(lang)
	}
	return out
}

// logSummary is what the log keeps of a package received.
type logSummary struct {
	Tables map[string]*Tally `json:"tables"`
	Taken  int               `json:"conflicts_taken,omitempty"`
	Kept   int               `json:"conflicts_kept,omitempty"`
	Merged int               `json:"conflicts_merged,omitempty"`
}
