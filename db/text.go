package db

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// NormalizeText returns s in Unicode NFC with surrounding white space removed.
// Vietnamese typed through different input methods arrives composed or
// decomposed; storing one form keeps equal words equal.
func NormalizeText(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// Fold reduces s to a search key: lower case, without diacritics, with đ as d
// and runs of white space collapsed, so that "lung nam" matches "Lũng Nặm".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	var b strings.Builder
	b.Grow(len(out))
	space := false
	for _, r := range out {
		switch {
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Matches reports whether every word of query occurs in text, ignoring case
// and diacritics. An empty query matches everything.
func Matches(text, query string) bool {
	return MatchesFolded(Fold(text), Fold(query))
}

// MatchesFolded is Matches for text and query already passed through Fold; a
// list filtered on every keystroke folds its rows once.
func MatchesFolded(foldedText, foldedQuery string) bool {
	for _, w := range strings.Fields(foldedQuery) {
		if !strings.Contains(foldedText, w) {
			return false
		}
	}
	return true
}

// runeLen counts characters, not bytes, as a user does.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
