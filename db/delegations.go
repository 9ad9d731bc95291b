package db

import (
	"context"
	"strconv"
	"strings"

	"giamsat/assets/text"
)

// Delegations are numbered anew every year: "03" names one delegation of
// 2025 and another of 2026. A delegation is therefore known by its record
// (its ID), and what a person types to choose one ("03", "03/2026", or
// the short key a refusal lists) is resolved here, once, for the command
// line and every other caller.

// Key is a short key that picks the delegation out when its number and
// year do not: the first 8 characters of its ID.
func (d Delegation) Key() string {
	k := strings.ReplaceAll(d.ID, "-", "")
	if len(k) > 8 {
		k = k[:8]
	}
	return k
}

// Year is the year its period starts (0 without a period).
func (d Delegation) Year() int {
	if d.PeriodFrom.IsZero() {
		return 0
	}
	return d.PeriodFrom.Time().Year()
}

// Reference is the number with the year its period starts ("03/2026"),
// or the number alone without a period.
func (d Delegation) Reference() string {
	if y := d.Year(); y != 0 {
		return d.Number + "/" + strconv.Itoa(y)
	}
	return d.Number
}

// Period is "01/11/2026–30/11/2026" ("" without a period).
func (d Delegation) Period() string {
	if d.PeriodFrom.IsZero() && d.PeriodTo.IsZero() {
		return ""
	}
	return strings.TrimSpace(d.PeriodFrom.String() + "–" + d.PeriodTo.String())
}

// Label is the delegation's number with its period, as a package's
// manifest names it: "03 (01/11/2026–30/11/2026)".
func (d Delegation) Label() string {
	if p := d.Period(); p != "" {
		return d.Number + " (" + p + ")"
	}
	return d.Number
}

// Describe names the delegation for a list of candidates: number, period,
// issuing body and key.
func (d Delegation) Describe(lang string) string {
	period := d.Period()
	if period == "" {
		period = text.Say(lang, "no period")
	}
	body := d.IssuingBody
	if body == "" {
		body = text.Say(lang, "no issuing body")
	}
	return text.F("%s (%s, %s), key %s", d.Reference(), period, body, d.Key()).In(lang)
}

// sameNumber reports whether two delegation numbers are the same: "3" and
// "03" are.
func sameNumber(a, b string) bool {
	a, b = strings.TrimLeft(NormalizeText(a), "0"), strings.TrimLeft(NormalizeText(b), "0")
	return strings.EqualFold(a, b)
}

// ResolveDelegation returns the live delegation that what a person typed
// names: its key, "number/year" (the year its period starts), or its
// number alone. When that names none, or several, it says so, listing
// the candidates with the key that picks each.
func (s *Store) ResolveDelegation(ctx context.Context, typed string) (*Delegation, error) {
	typed = NormalizeText(typed)
	all, err := s.Delegations(ctx)
	if err != nil {
		return nil, err
	}
	var byKey, byNumber []Delegation
	number, year := typed, 0
	if i := strings.LastIndex(typed, "/"); i > 0 {
		if y, err := strconv.Atoi(typed[i+1:]); err == nil && y >= 1900 && y <= 9999 {
			number, year = typed[:i], y
		}
	}
	for _, d := range all {
		if len(typed) >= 4 && strings.HasPrefix(strings.ReplaceAll(d.ID, "-", ""), strings.ToLower(typed)) {
			byKey = append(byKey, d)
		}
		if sameNumber(d.Number, number) && (year == 0 || d.Year() == year) {
			byNumber = append(byNumber, d)
		}
	}
	found := byNumber
	if len(byKey) == 1 {
		found = byKey
	}
	switch len(found) {
	case 1:
		return &found[0], nil
	case 0:
		return nil, Fail(ErrNotFound, "There is no delegation %s in the database.", typed)
	}
	return nil, &AmbiguousError{Typed: typed, Candidates: found}
}

// AmbiguousError is what ResolveDelegation says when several delegations
// answer to what was typed.
type AmbiguousError struct {
	Typed      string
	Candidates []Delegation
}

func (e *AmbiguousError) Error() string { return e.In("vi") }

// In lists the candidates in lang, one a line.
func (e *AmbiguousError) In(lang string) string {
	lines := []string{text.F("Several delegations answer to %s; choose one by its number and year, or by its key:", e.Typed).In(lang)}
	for _, d := range e.Candidates {
		lines = append(lines, "  "+d.Describe(lang))
	}
	return strings.Join(lines, "\n")
}

// Message says the error in lang.
func (e *AmbiguousError) Message(lang string) string { return e.In(lang) }
