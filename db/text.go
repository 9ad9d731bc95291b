package db

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText returns s in Unicode NFC with surrounding white space removed.
// Vietnamese typed through different input methods arrives composed or
// decomposed; storing one form keeps equal words equal.
func NormalizeText(s string) string {
	if quickNFC(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(norm.NFC.String(s))
}

// quickNFC reports whether s is certainly in NFC by its runes alone: every
// rune below U+2100 (Vietnamese letters, Latin and punctuation) that is
// NFC by itself and starts a new segment (combines with nothing before
// it). A text of only such runes is NFC as it stands. It is a bit per rune
// instead of norm's lookups, which a receipt of 300,000 records felt. A
// false answer only means norm has to look.
func quickNFC(s string) bool {
	var stable *[nfcQuickRunes / 64]uint64
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		if stable == nil {
			stable = nfcStable()
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= nfcQuickRunes || stable[r>>6]&(1<<(r&63)) == 0 {
			return false
		}
		i += n
	}
	return true
}

const nfcQuickRunes = 0x2100

var nfcStable = sync.OnceValue(func() *[nfcQuickRunes / 64]uint64 {
	var t [nfcQuickRunes / 64]uint64
	for r := rune(0); r < nfcQuickRunes; r++ {
		s := string(r)
		if utf8.ValidRune(r) && norm.NFC.IsNormalString(s) && norm.NFC.PropertiesString(s).BoundaryBefore() {
			t[r>>6] |= 1 << (r & 63)
		}
	}
	return &t
})

// Fold reduces s to a search key: lower case, without diacritics, with đ as d
// and runs of white space collapsed, so that "lung nam" matches "Lũng Nặm".
// Text arrives composed or decomposed; both fold the same.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent of decomposed text
		default:
			r = foldRune(r)
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var (
	foldOnce  sync.Once
	foldTable map[rune]rune
)

// foldRune returns the base letter of r in lower case: 'ặ' -> 'a'.
func foldRune(r rune) rune {
	foldOnce.Do(func() {
		foldTable = map[rune]rune{'đ': 'd', 'Đ': 'd'}
		// Latin-1, Latin Extended-A/B and Latin Extended Additional hold
		// every Vietnamese letter.
		for _, rg := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
			for c := rg[0]; c <= rg[1]; c++ {
				base := []rune(norm.NFD.String(string(c)))
				if len(base) > 0 && base[0] < utf8.RuneSelf {
					foldTable[c] = unicode.ToLower(base[0])
				}
			}
		}
	})
	if f, ok := foldTable[r]; ok {
		return f
	}
	return unicode.ToLower(r)
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

// CodeFrom proposes a code for a catalogue entry from its name: the words
// without diacritics, in lower case, joined by "_", at most 40 characters
// ("Tỷ lệ hộ có nước sạch" → "ty_le_ho_co_nuoc_sach").
func CodeFrom(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range Fold(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	code := b.String()
	if len(code) > 40 {
		code = strings.TrimRight(code[:40], "_")
	}
	return code
}
