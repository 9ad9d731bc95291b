package forms

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"giamsat/db"
)

// typedQualifier lets a figure be typed as people write it: "trên 1.200",
// "khoảng 200", "nhiều", "more than 53". The word goes to the qualifier's
// drop-down beside the entry, and the number stays in the entry: one field
// to type into instead of a drop-down to open and pick from.
func typedQualifier(e *Entry, q *choice, choices db.Choices) {
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		if e.fields != nil && e.fields.loading {
			prev(s)
			return
		}
		if code, rest, ok := leadingQualifier(s, choices); ok {
			q.choose(code)
			e.SetText(rest) // comes back here without the word
			e.CursorColumn = len([]rune(rest))
			return
		}
		prev(s)
	}
}

// qualifierWords are the words, besides the choices' labels in both
// languages, that people write before a figure.
var qualifierWords = map[string]string{
	"hơn": "more_than", "over": "more_than", "above": "more_than",
	"gần": "about", "around": "about", "approximately": "about", "approx.": "about",
	"under": "less_than", "below": "less_than",
}

// leadingQualifier finds a qualifier written before a figure: a word of
// choices (in either language, any case) followed by a space or a digit,
// or alone when it needs no figure ("nhiều"). It returns the qualifier's
// code and the text after it.
func leadingQualifier(s string, choices db.Choices) (code, rest string, ok bool) {
	lower := strings.ToLower(norm.NFC.String(strings.TrimLeft(s, " ")))
	try := func(word, c string) bool {
		word = strings.ToLower(norm.NFC.String(word))
		if !strings.HasPrefix(lower, word) {
			return false
		}
		after := lower[len(word):]
		switch {
		case after == "" && c == "many":
		case after != "" && (after[0] == ' ' || unicode.IsDigit(rune(after[0]))):
			if c == "many" {
				return false // "many" stands alone
			}
		default:
			return false
		}
		code, rest, ok = c, strings.TrimLeft(after, " "), true
		return true
	}
	for _, ch := range choices {
		if ch.Code == "" {
			continue
		}
		// Longest first does not matter: no label is another's start.
		if try(ch.VI, ch.Code) || try(ch.EN, ch.Code) {
			return code, rest, ok
		}
	}
	for word, c := range qualifierWords {
		if choices.Has(c) && try(word, c) {
			return code, rest, ok
		}
	}
	return "", "", false
}
