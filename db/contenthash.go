package db

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// ContentHash is a hash of what a record says: its own columns in their
// canonical form (text in NFC, numbers formatted one way, null apart from
// empty) and whether it is deleted; never its ID, times or version. It is
// worked out for every record received, so it allocates next to nothing.
func ContentHash(r Record) string {
	sum := ContentSum(r)
	return hex.EncodeToString(sum[:])
}

// ContentSum is ContentHash as bytes.
func ContentSum(r Record) [16]byte {
	cp, cols := borrowColumns(r, false)
	defer returnColumns(cp, cols)
	order := hashOrder(r.table(), cols)
	bp := hashBuffers.Get().(*[]byte)
	b := append((*bp)[:0], r.table()...)
	if r.meta().Deleted() {
		b = append(b, "\x00deleted"...)
	}
	for _, i := range order {
		b = append(b, 0)
		b = append(b, cols[i].name...)
		b = append(b, '=')
		b = appendField(b, cols[i].ptr)
	}
	sum := sha256.Sum256(b)
	*bp = b
	hashBuffers.Put(bp)
	return [16]byte(sum[:16])
}

var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

var hashOrders sync.Map // table -> []int: its columns' positions by name

func hashOrder(table string, cols []column) []int {
	if o, ok := hashOrders.Load(table); ok {
		return o.([]int)
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	order := sortedOrder(names)
	hashOrders.Store(table, order)
	return order
}

func sortedOrder(names []string) []int {
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return names[order[a]] < names[order[b]] })
	return order
}

// appendField appends a field as hashValues appends the value SQLite
// stores for it.
func appendField(b []byte, ptr any) []byte {
	switch p := ptr.(type) {
	case *string:
		return appendText(append(b, 's'), *p)
	case *optionalID:
		if *p == "" {
			return append(b, 'n')
		}
		return appendText(append(b, 's'), string(*p))
	case *int:
		return strconv.AppendInt(append(b, 'i'), int64(*p), 10)
	case **int:
		if *p == nil {
			return append(b, 'n')
		}
		return strconv.AppendInt(append(b, 'i'), int64(**p), 10)
	case *float64:
		return appendFloat(b, *p)
	case **float64:
		if *p == nil {
			return append(b, 'n')
		}
		return appendFloat(b, **p)
	case *bool:
		if *p {
			return append(b, 'i', '1')
		}
		return append(b, 'i', '0')
	case *Date:
		if p.IsZero() {
			return append(b, 'n')
		}
		return p.t.AppendFormat(append(b, 's'), dateLayout)
	}
	return fmt.Appendf(b, "?%v", ptr)
}

func appendText(b []byte, s string) []byte {
	if quickNFC(s) || norm.NFC.IsNormalString(s) {
		return append(b, s...)
	}
	return norm.NFC.AppendString(b, s)
}

func appendFloat(b []byte, x float64) []byte {
	b = append(b, 'f')
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return strconv.AppendInt(b, int64(x), 10)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// hashValues is ContentHash of a row given as column names and driver
// values (as SQLite returns them), in any order: a migration hashes rows
// without the record types of the day.
func hashValues(table string, deleted bool, names []string, vals []any) string {
	var b []byte
	b = append(b, table...)
	if deleted {
		b = append(b, "\x00deleted"...)
	}
	for _, i := range sortedOrder(names) {
		b = append(b, 0)
		b = append(b, names[i]...)
		b = append(b, '=')
		switch x := vals[i].(type) {
		case nil:
			b = append(b, 'n')
		case string:
			b = appendText(append(b, 's'), x)
		case []byte:
			b = appendText(append(b, 's'), string(x))
		case int64:
			b = strconv.AppendInt(append(b, 'i'), x, 10)
		case bool:
			if x {
				b = append(b, 'i', '1')
			} else {
				b = append(b, 'i', '0')
			}
		case float64:
			b = appendFloat(b, x)
		default:
			b = fmt.Appendf(b, "?%v", x)
		}
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
