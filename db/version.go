package db

import (
	"bytes"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// A record's version is a version vector: for each database (replica) that
// edited the record, the counter that replica had reached at its last edit
// of it. Two versions are then ordered when one descends from the other, and
// concurrent when each holds an edit the other has not seen: a conflict,
// unless both hold the same content. docs/exchange-format.md ("Versions")
// is the model in words.

// Dot is one entry of a version: a replica and its counter.
type Dot struct {
	Replica string
	Counter uint64
}

// Version is a version vector, sorted by replica, every counter above 0.
type Version []Dot

// Limits of a version: a counter must stay exact as a JSON number anywhere
// (2^53 − 1), and a vector names at most so many replicas.
const (
	MaxCounter  = 1<<53 - 1
	MaxReplicas = 256
	// BaseReplica is the replica of what every PC starts with alike: the
	// built-in catalogue, the sample, and the state two PCs last exchanged
	// before versions existed (docs/exchange-format.md, "Records of older
	// packages").
	BaseReplica = "0"
)

// Order is how two versions stand to each other.
type Order int

const (
	Same       Order = iota // the same vector
	Older                   // the first descends into the second: the second is newer
	Newer                   // the first descends from the second
	Concurrent              // each has edits the other has not seen
)

// validReplica reports whether s may name a replica: 1 to 32 characters of
// lower-case letters, digits and '-'.
func validReplica(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Check says what is wrong with v, or nil: an empty vector, a replica
// name out of form, a replica twice, a counter of 0 or beyond MaxCounter,
// too many replicas.
func (v Version) Check() error {
	if len(v) == 0 {
		return errors.New("no version")
	}
	if len(v) > MaxReplicas {
		return fmt.Errorf("a version naming %d databases (at most %d)", len(v), MaxReplicas)
	}
	for i, d := range v {
		switch {
		case !validReplica(d.Replica):
			return fmt.Errorf("a version naming the database %q", d.Replica)
		case d.Counter == 0 || d.Counter > MaxCounter:
			return fmt.Errorf("a version counter out of range (%d)", d.Counter)
		case i > 0 && v[i-1].Replica >= d.Replica:
			return errors.New("a version out of order or naming a database twice")
		}
	}
	return nil
}

// Get returns the counter of replica in v (0 when absent).
func (v Version) Get(replica string) uint64 {
	i := sort.Search(len(v), func(i int) bool { return v[i].Replica >= replica })
	if i < len(v) && v[i].Replica == replica {
		return v[i].Counter
	}
	return 0
}

// With returns a copy of v with replica's counter set to c.
func (v Version) With(replica string, c uint64) Version {
	out := make(Version, 0, len(v)+1)
	done := false
	for _, d := range v {
		if !done && d.Replica >= replica {
			out = append(out, Dot{replica, c})
			done = true
			if d.Replica == replica {
				continue
			}
		}
		out = append(out, d)
	}
	if !done {
		out = append(out, Dot{replica, c})
	}
	return out
}

// Compare orders v against w.
func (v Version) Compare(w Version) Order {
	vAhead, wAhead := false, false
	i, j := 0, 0
	for i < len(v) || j < len(w) {
		switch {
		case j == len(w) || i < len(v) && v[i].Replica < w[j].Replica:
			vAhead = true
			i++
		case i == len(v) || w[j].Replica < v[i].Replica:
			wAhead = true
			j++
		default:
			if v[i].Counter > w[j].Counter {
				vAhead = true
			} else if v[i].Counter < w[j].Counter {
				wAhead = true
			}
			i++
			j++
		}
		if vAhead && wAhead {
			return Concurrent
		}
	}
	switch {
	case vAhead:
		return Newer
	case wAhead:
		return Older
	}
	return Same
}

// Merge returns the element-wise maximum of v and w.
func Merge(v, w Version) Version {
	out := make(Version, 0, max(len(v), len(w)))
	i, j := 0, 0
	for i < len(v) || j < len(w) {
		switch {
		case j == len(w) || i < len(v) && v[i].Replica < w[j].Replica:
			out = append(out, v[i])
			i++
		case i == len(v) || w[j].Replica < v[i].Replica:
			out = append(out, w[j])
			j++
		default:
			out = append(out, Dot{v[i].Replica, max(v[i].Counter, w[j].Counter)})
			i++
			j++
		}
	}
	return out
}

// String is the compact form the store keeps: "0:1,5f3a…:12".
func (v Version) String() string {
	var b strings.Builder
	for i, d := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.Replica)
		b.WriteByte(':')
		b.WriteString(strconv.FormatUint(d.Counter, 10))
	}
	return b.String()
}

// ParseVersion reads the compact form of String.
func ParseVersion(s string) (Version, error) {
	if s == "" {
		return nil, nil
	}
	v := make(Version, 0, strings.Count(s, ",")+1)
	for part := range strings.SplitSeq(s, ",") {
		r, c, ok := strings.Cut(part, ":")
		n, err := strconv.ParseUint(c, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("not a version: %q", s)
		}
		v = append(v, Dot{r, n})
	}
	return v, v.Check()
}

// parseShared reads the compact form, sharing one Version between the
// rows that hold the same (a Version is never changed in place).
func parseShared(b []byte) (Version, error) {
	compact.RLock()
	v, ok := compact.m[string(b)]
	compact.RUnlock()
	if ok {
		return v, nil
	}
	v, err := ParseVersion(string(b))
	if err == nil && len(b) <= 256 {
		compact.Lock()
		if len(compact.m) < 50_000 {
			compact.m[string(b)] = v
		}
		compact.Unlock()
	}
	return v, err
}

var compact = struct {
	sync.RWMutex
	m map[string]Version
}{m: map[string]Version{}}

// Value implements driver.Valuer: the compact form.
func (v Version) Value() (driver.Value, error) { return v.String(), nil }

// Scan implements sql.Scanner.
func (v *Version) Scan(src any) error {
	var s string
	switch x := src.(type) {
	case nil:
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("cannot scan %T into a version", src)
	}
	p, err := ParseVersion(s)
	*v = p
	return err
}

// MarshalJSON writes the version as an object: {"0": 1, "5f3a…": 12}.
func (v Version) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, d := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(d.Replica))
		b.WriteByte(':')
		b.WriteString(strconv.FormatUint(d.Counter, 10))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the object of MarshalJSON, refusing counters that
// are not whole numbers within MaxCounter. It reads the object itself
// (every record received has one) rather than through a map.
func (v *Version) UnmarshalJSON(b []byte) error {
	versions.RLock()
	seen, ok := versions.m[string(b)]
	versions.RUnlock()
	if ok {
		*v = seen
		return nil
	}
	if err := v.unmarshal(b); err != nil {
		return err
	}
	if len(b) <= 256 {
		versions.Lock()
		if len(versions.m) < 50_000 {
			versions.m[string(b)] = *v
		}
		versions.Unlock()
	}
	return nil
}

// versions interns versions read from packages: the records a package
// holds share a few versions between many (all of a batch saved together,
// the built-in ones). A Version is never changed in place, so one slice can
// serve them all.
var versions = struct {
	sync.RWMutex
	m map[string]Version
}{m: map[string]Version{}}

func (v *Version) unmarshal(b []byte) error {
	bad := errors.New("a version must be an object of counters")
	i := 0
	space := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	space()
	if i == len(b) || b[i] != '{' {
		return bad
	}
	i++
	out := make(Version, 0, 2)
	for {
		space()
		if i < len(b) && b[i] == '}' && len(out) == 0 {
			i++
			break
		}
		if i == len(b) || b[i] != '"' {
			return bad
		}
		j := i + 1
		for j < len(b) && b[j] != '"' && b[j] != '\\' {
			j++
		}
		if j == len(b) || b[j] != '"' {
			return bad
		}
		replica := intern(b[i+1 : j])
		i = j + 1
		space()
		if i == len(b) || b[i] != ':' {
			return bad
		}
		i++
		space()
		j = i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		c, err := strconv.ParseUint(string(b[i:j]), 10, 64) // digits only: no sign, fraction, exponent or quotes
		if err != nil || c > MaxCounter {
			return fmt.Errorf("a version counter out of range (%s)", b[i:min(j+1, len(b))])
		}
		out = append(out, Dot{replica, c})
		i = j
		space()
		if i < len(b) && b[i] == ',' {
			i++
			continue
		}
		if i < len(b) && b[i] == '}' {
			i++
			break
		}
		return bad
	}
	space()
	if i != len(b) {
		return bad
	}
	slices.SortFunc(out, func(a, b Dot) int { return strings.Compare(a.Replica, b.Replica) })
	*v = out
	return nil
}

// replicas interns replica names: a package names few, in every record.
var replicas = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

func intern(b []byte) string {
	replicas.RLock()
	s, ok := replicas.m[string(b)] // a lookup that does not allocate
	replicas.RUnlock()
	if ok {
		return s
	}
	s = string(b)
	if len(s) <= 32 {
		replicas.Lock()
		if len(replicas.m) < 100_000 {
			replicas.m[s] = s
		}
		replicas.Unlock()
	}
	return s
}

// LegacyVersion is the version of a record of a database or package from
// before versions, worked out from what it had alone, so that two PCs
// holding the same copy agree: the revision both sides last exchanged
// (at least 1) as the base, and, when the record was changed since, the
// revision it then had, under a replica named after the database that
// changed it.
func LegacyVersion(revision, synced int, databaseID string) Version {
	base := max(synced, 1)
	v := Version{{BaseReplica, uint64(base)}}
	if revision > base {
		v = v.With(LegacyReplica(databaseID), uint64(revision))
	}
	return v
}

// LegacyReplica names the replica of a database's edits from before
// versions: the same name wherever it is worked out.
func LegacyReplica(databaseID string) string {
	sum := sha256.Sum256([]byte(databaseID))
	return "l" + hex.EncodeToString(sum[:])[:15]
}
