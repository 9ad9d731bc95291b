// Package exchange makes and receives exchange packages: one .giamsat file
// that carries records from one Giám sát database to another (a commune's
// PC to the delegation's and back) by e-mail or USB stick, so that nothing
// is typed twice and nothing doubles. docs/exchange-format.md describes the
// file; this package has no Fyne in it.
package exchange

import (
	"strings"
	"time"

	"giamsat/assets/text"
	"giamsat/db"
)

const (
	// Extension is the file extension of packages.
	Extension = ".giamsat"
	// FormatName is the manifest's "format".
	FormatName = "giamsat-exchange"
	// FormatVersion is the version of the format this program writes and
	// the newest it reads. 2 added a difficulty's "scope"; a package of
	// version 1 is read as if every difficulty were its commune's. 3 gave
	// every record a version vector in place of its revision numbers; the
	// records of versions 1 and 2 get theirs by db.LegacyVersion. 4 made a
	// common difficulty a record of its delegation with the communes it
	// concerns ("delegation_id", "communes") instead of a record of the
	// visit it was noted at; older ones are converted as they are read.
	// 5 let a session's count be "many" with no number (the qualifier
	// "many"), and a request be common to several communes of its
	// delegation as a difficulty may ("scope", "delegation_id",
	// "communes"): a PC on 4 is told to update.
	FormatVersion = 5

	manifestName = "manifest.json"
	payloadName  = "payload"
	recordsDir   = "records/"
)

// Limits a package must keep within to be read at all: a file beyond them
// is refused as a zip bomb before its records are decoded.
const (
	maxEntries      = 64
	maxManifest     = 1 << 20            // bytes of manifest.json
	maxPart         = 1 << 30            // bytes of one part, uncompressed
	maxTotal        = 2 << 30            // bytes of every part together
	maxRatio        = 200                // uncompressed over compressed, beyond the first MiB
	maxRecords      = 5_000_000          // records in one package
	maxPayload      = 1 << 30            // bytes of an encrypted payload
	maxPackageBytes = int64(2<<30 + 1e6) // bytes of the file itself
)

// memoryLimit is the soft limit of the Go heap while a package is read,
// planned and written (as app/report does for an export): the records of a
// large package are some 130 MB, and old PCs have little memory.
const memoryLimit = 220 << 20

// Manifest is manifest.json: what the package is, where it comes from, what
// it holds, and a SHA-256 of each part.
type Manifest struct {
	Format         string     `json:"format"`
	FormatVersion  int        `json:"format_version"`
	ProgramVersion string     `json:"program_version,omitempty"`
	PackageID      string     `json:"package_id,omitempty"`
	CreatedAt      time.Time  `json:"created_at,omitzero"`
	DatabaseID     string     `json:"database_id,omitempty"`
	DatabaseName   string     `json:"database_name,omitempty"`
	Recipient      string     `json:"recipient,omitempty"`
	Delegation     *Subject   `json:"delegation,omitempty"`
	Commune        *Subject   `json:"commune,omitempty"`
	ChangedSince   *time.Time `json:"changed_since,omitempty"`
	// Follows names, in a package of only what changed, the earlier package
	// of the same sender it continues: a receiver that lacks it is told.
	Follows *Follows `json:"follows,omitempty"`
	// Received are the newest packages the sender has received: how a
	// recipient learns which of its packages arrived.
	Received []db.Received `json:"received,omitempty"`
	Counts   Counts        `json:"counts,omitempty"`
	// Deletions are the tombstones among the records counted, per table.
	Deletions Counts `json:"deletions,omitempty"`
	Parts     []Part `json:"parts"`
	// Encryption is set in the outer manifest of an encrypted package, whose
	// one part, "payload", is the sealed plain package.
	Encryption *Encryption `json:"encryption,omitempty"`
}

// Follows names an earlier package of the same sender.
type Follows struct {
	PackageID string    `json:"package_id"`
	CreatedAt time.Time `json:"created_at"`
}

// maxReceivedListed is how many packages received a manifest names.
const maxReceivedListed = 200

// Subject names the delegation or commune a package was made for.
type Subject struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Counts are records per table.
type Counts map[string]int

// Part is one file inside the package.
type Part struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Encryption says how the payload was sealed.
type Encryption struct {
	Cipher    string `json:"cipher"` // "AES-256-GCM"
	KDF       string `json:"kdf"`    // "argon2id"
	Salt      []byte `json:"salt"`   // base64 in JSON, 16 bytes
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
	Nonce     []byte `json:"nonce"` // 12 bytes
}

// Problem is one thing wrong with a package, said in a language chosen
// later.
type Problem struct{ text.Msg }

// Message returns the problem in lang.
func (p Problem) Message(lang string) string { return p.In(lang) }

// problemf is the problem key (a format, see text.F) with args.
func problemf(key string, args ...any) Problem { return Problem{text.F(key, args...)} }

// RefusedError is a package refused, with everything found wrong with it.
// Nothing was written.
type RefusedError struct {
	Problems []Problem
	// Passphrase is set when the package is encrypted and the passphrase
	// was missing or wrong: the user may try again.
	Passphrase bool
}

func (e *RefusedError) Error() string { return e.Message("vi") }

// Message lists the problems in lang, at most 20 of them.
func (e *RefusedError) Message(lang string) string {
	s := text.Say(lang, "The package was refused; the database is unchanged:")
	for i, p := range e.Problems {
		if i == 20 {
			s += "\n" + text.F("… and %d more.", len(e.Problems)-20).In(lang)
			break
		}
		s += "\n• " + p.Message(lang)
	}
	return s
}

func refused(ps ...Problem) *RefusedError { return &RefusedError{Problems: ps} }

// TableName returns the users' name of a record table in lang.
func TableName(table, lang string) string { return db.TableLabel(lang, table) }

// tableSaid is a table's name, said in the language of the text it is in.
type tableSaid string

func (t tableSaid) In(lang string) string { return strings.ToLower(TableName(string(t), lang)) }

// recordSaid is a record as its users know it (Label), said in the
// language of the text it is in.
type recordSaid struct{ r db.Record }

func (s recordSaid) In(lang string) string { return Label(s.r, lang) }

// lowerSaid is s in lower case, as inside a sentence.
type lowerSaid struct{ s text.Sayer }

func (l lowerSaid) In(lang string) string { return strings.ToLower(l.s.In(lang)) }

// fieldSaid is the label of a field of a table.
type fieldSaid struct{ table, field string }

func (f fieldSaid) In(lang string) string { return db.Label(lang, f.table, f.field) }
