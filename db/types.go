package db

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"giamsat/assets/text"
)

// Meta is what every record carries so that records can travel between PCs
// and merge without duplicates: a random ID, times, a revision counter and a
// tombstone.
//
// The JSON names are the column names: they are the records of an exchange
// package (docs/exchange-format.md).
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Revision counts the saves of the record where it was last written;
	// it is shown, never compared: Version decides what is newer.
	Revision int `json:"revision"`
	// DeletedAt is zero for a live record; a deleted record keeps its row.
	DeletedAt time.Time `json:"deleted_at,omitzero"`
	// Version is the record's version vector (see Version): what decides,
	// between two PCs, which copy descends from which.
	Version Version `json:"version,omitempty"`
	// Hash is ContentHash of the record as stored; it never travels.
	Hash string `json:"-"`
	// SyncedRevision is read from packages of formats 1 and 2 only, to work
	// out their records' versions (LegacyVersion); it is no longer kept.
	SyncedRevision int `json:"synced_revision,omitempty"`
	// ChangedAt is when this database last wrote the record, by its own
	// clock (a save, a deletion, a record received); it chooses what a
	// package of changes "since the last one sent" holds, and never travels.
	ChangedAt time.Time `json:"-"`
}

// Deleted reports whether the record is a tombstone.
func (m Meta) Deleted() bool { return !m.DeletedAt.IsZero() }

const dateLayout = "2006-01-02"

// stampLayout sorts as text in time order.
// FormatMoment shows a moment as people here read it, in local time:
// "25/11/2026 08:00". Every screen, log and message shows moments so.
func FormatMoment(t time.Time) string { return t.Local().Format("02/01/2006 15:04") }

// FormatMomentExact is FormatMoment to the second, where two moments of
// one minute are told apart (the two sides of a conflict).
func FormatMomentExact(t time.Time) string { return t.Local().Format("02/01/2006 15:04:05") }

const stampLayout = "2006-01-02T15:04:05.000Z"

// Date is a calendar date without a time of day. The zero Date means unknown
// and is stored as NULL.
type Date struct{ t time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseDate reads "yyyy-mm-dd" or the users' "dd/mm/yyyy"; "" is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", dateLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("not a date: %q", s)
}

// DateError says why typed is not a date, naming the day that does not
// exist ("31/02/2025") rather than only the expected form.
func DateError(field, typed string) FieldError {
	parts := strings.Split(strings.TrimSpace(typed), "/")
	if len(parts) == 3 {
		d, errD := strconv.Atoi(parts[0])
		m, errM := strconv.Atoi(parts[1])
		y, errY := strconv.Atoi(parts[2])
		if errD == nil && errM == nil && errY == nil && len(parts[2]) == 4 {
			if m < 1 || m > 12 {
				return FieldError{field, text.F("There is no month %d: months run from 1 to 12", m)}
			}
			days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if d < 1 || d > days {
				return FieldError{field, text.F("%s does not exist: month %d of %d has %d days", strings.TrimSpace(typed), m, y, days)}
			}
		}
	}
	return FieldError{field, text.F("Not a valid date: type dd/mm/yyyy")}
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// String formats the date as the users write it: dd/mm/yyyy.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// ISO formats the date as yyyy-mm-dd.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Value implements driver.Valuer.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.t.Format(dateLayout), nil
}

// MarshalJSON writes the date as "yyyy-mm-dd", or null when unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.ISO() + `"`), nil
}

// UnmarshalJSON reads "yyyy-mm-dd" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("not a date: %s", b)
	}
	t, err := time.Parse(dateLayout, string(b[1:len(b)-1]))
	if err != nil {
		return fmt.Errorf("not a date (yyyy-mm-dd): %s", b)
	}
	*d = Date{t}
	return nil
}

// Scan implements sql.Scanner.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		t, err := time.Parse(dateLayout, v)
		if err != nil {
			return err
		}
		*d = Date{t}
		return nil
	case []byte:
		return d.Scan(string(v))
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("cannot scan %T into Date", src)
}

// stamp stores a time.Time as sortable UTC text; the zero time is NULL.
type stamp time.Time

func (s stamp) Value() (driver.Value, error) {
	t := time.Time(s)
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(stampLayout), nil
}

func (s *stamp) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = stamp{}
		return nil
	case string:
		t, err := time.Parse(stampLayout, v)
		if err != nil {
			return err
		}
		*s = stamp(t)
		return nil
	case []byte:
		return s.Scan(string(v))
	case time.Time:
		*s = stamp(v)
		return nil
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

// NewCommune is a commune about to be typed in: a commune (not a ward or
// a township), in the province of the first of known that has one.
func NewCommune(known []Commune) Commune {
	c := Commune{Kind: "commune"}
	for _, k := range known {
		if k.Province != "" {
			c.Province = k.Province
			break
		}
	}
	return c
}

// ProvinceOf returns the province a Party committee's name says ("Tỉnh ủy
// Cao Bằng", "Ban Thường vụ Tỉnh ủy Cao Bằng": "Cao Bằng"), or "".
func ProvinceOf(body string) string {
	body = NormalizeText(body)
	for _, word := range []string{"Tỉnh ủy ", "Tỉnh uỷ ", "Thành ủy ", "Thành uỷ "} {
		for _, w := range []string{word, strings.ToLower(word[:1]) + word[1:]} {
			if i := strings.LastIndex(body, w); i >= 0 {
				return strings.TrimSpace(body[i+len(w):])
			}
		}
	}
	return ""
}

// Commune is a commune, ward or township, directly under the province.
type Commune struct {
	Meta
	Name     string `json:"name"`
	Kind     string `json:"kind"` // CommuneKinds
	Province string `json:"province"`
	Code     string `json:"code"` // administrative code, when known
	Notes    string `json:"notes"`
}

// Delegation is a supervision delegation (Đoàn giám sát).
type Delegation struct {
	Meta
	Number      string `json:"number"`       // "03"
	IssuingBody string `json:"issuing_body"` // "Tỉnh ủy Cao Bằng"
	DecisionRef string `json:"decision_ref"` // the decision that set the delegation up
	ReportRef   string `json:"report_ref"`   // number and symbol of its report ("12-BC/ĐGS")
	Subject     string `json:"subject"`
	PeriodFrom  Date   `json:"period_from"`
	PeriodTo    Date   `json:"period_to"`
	Notes       string `json:"notes"`
}

// Member is a member of a delegation.
type Member struct {
	Meta
	DelegationID string `json:"delegation_id"`
	FullName     string `json:"full_name"`
	Role         string `json:"role"` // MemberRoles
	Position     string `json:"position"`
	SortOrder    int    `json:"sort_order"`
}

// Visit is a working session of a delegation with a commune.
type Visit struct {
	Meta
	DelegationID string `json:"delegation_id"`
	CommuneID    string `json:"commune_id"`
	Date         Date   `json:"visit_date"`
	Place        string `json:"place"`
	ChairedBy    string `json:"chaired_by"`
	Attendees    string `json:"attendees"`
	Assessment   string `json:"assessment"`
	Conclusions  string `json:"conclusions"`
}

// Session is what a commune reports of its dissemination sessions at one
// level. Nil counts are unknown ("many campaigns, no count given").
type Session struct {
	Meta
	VisitID               string `json:"visit_id"`
	Level                 string `json:"level"` // SessionLevels
	Held                  *int   `json:"held"`
	HeldQualifier         string `json:"held_qualifier"` // Qualifiers
	Participants          *int   `json:"participants"`
	ParticipantsQualifier string `json:"participants_qualifier"` // Qualifiers
	Expected              *int   `json:"expected"`
	Mode                  string `json:"mode"`        // SessionModes
	LinkPoints            *int   `json:"link_points"` // online link-up points (điểm cầu)
	Note                  string `json:"note"`
}

// Rate returns participants over expected, and whether both are known.
func (s Session) Rate() (float64, bool) {
	if s.Participants == nil || s.Expected == nil || *s.Expected == 0 {
		return 0, false
	}
	return float64(*s.Participants) / float64(*s.Expected), true
}

// Indicator is an entry of the editable indicator catalogue.
type Indicator struct {
	Meta
	Code      string   `json:"code"`
	NameVI    string   `json:"name_vi"`
	NameEN    string   `json:"name_en"`
	Unit      string   `json:"unit"`       // IndicatorUnits
	UnitLabel string   `json:"unit_label"` // free text for "count" and "number" ("đoàn", "tỷ đồng")
	Min       *float64 `json:"min_value"`
	Max       *float64 `json:"max_value"` // for "of_n" the N
	SortOrder int      `json:"sort_order"`
	Key       bool     `json:"is_key"` // shown in the summary's row per commune
}

// Name returns the indicator's name in lang, falling back to Vietnamese.
func (i Indicator) Name(lang string) string {
	if lang == "en" && i.NameEN != "" {
		return i.NameEN
	}
	return i.NameVI
}

// UnitLabelIn returns the free-text unit in lang: the units communes use
// most are said in English in an English interface; any other is shown as
// typed.
func (i Indicator) UnitLabelIn(lang string) string {
	if lang == "en" {
		if en, ok := unitsEN[Fold(i.UnitLabel)]; ok {
			return en
		}
	}
	return i.UnitLabel
}

// unitsEN are the usual free-text units, by their diacritic-free key.
var unitsEN = map[string]string{
	"doan": "teams", "ho": "households", "nguoi": "people", "dang vien": "Party members",
	"ty dong": "billion VND", "trieu dong": "million VND", "xa": "communes", "chi bo": "Party cells",
	"cuoc": "sessions", "buoi": "sessions", "lop": "classes", "km": "km", "ha": "ha", "tieu chi": "criteria",
}

// IndicatorValue is the figure a commune reached for one indicator at a visit.
type IndicatorValue struct {
	Meta
	VisitID     string  `json:"visit_id"`
	IndicatorID string  `json:"indicator_id"`
	Value       float64 `json:"value"`
	Qualifier   string  `json:"qualifier"` // Qualifiers
	Note        string  `json:"note"`
}

// Difficulty is a difficulty or shortcoming found at a visit, or common to
// several communes of a delegation.
type Difficulty struct {
	Meta
	// VisitID is the visit of a commune's own difficulty; "" (stored as
	// null) for a common one.
	VisitID     string `json:"visit_id"`
	Category    string `json:"category"` // DifficultyCategories
	Description string `json:"description"`
	Remedy      string `json:"remedy"`
	Responsible string `json:"responsible"`
	Deadline    Date   `json:"deadline"`
	Status      string `json:"status"` // DifficultyStatuses
	// Scope is "commune" (the visit's commune) or "delegation" (common to
	// the communes listed, recorded once and counted once).
	Scope string `json:"scope"` // DifficultyScopes
	// DelegationID and Communes are, for a common difficulty, its
	// delegation and the IDs of the communes it concerns (IDList); "" for
	// a commune's own.
	DelegationID string `json:"delegation_id"`
	Communes     string `json:"communes"`
}

// Shared reports whether the difficulty is common to several communes of
// its delegation.
func (d Difficulty) Shared() bool { return d.Scope == "delegation" }

// Concerns reports whether the difficulty is the commune's: its own visit's
// (which the caller knows) or common and naming it.
func (d Difficulty) Concerns(communeID string) bool {
	return d.Shared() && communeID != "" && listed(d.Communes, communeID)
}

// listed reports whether a list JoinIDs wrote holds id, without splitting
// it.
func listed(list, id string) bool {
	for list != "" {
		item, rest, _ := strings.Cut(list, ",")
		if item == id {
			return true
		}
		list = rest
	}
	return false
}

// JoinIDs writes a list of record IDs as stored: sorted, each once,
// separated by commas.
func JoinIDs(ids []string) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 0 && ids[0] == "" {
		ids = ids[1:]
	}
	return strings.Join(ids, ",")
}

// SplitIDs reads a list JoinIDs wrote.
func SplitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// UnionIDs is the list of the IDs in either list.
func UnionIDs(a, b string) string {
	return JoinIDs(append(SplitIDs(a), SplitIDs(b)...))
}

// Request is a request of the delegation to the commune.
type Request struct {
	Meta
	// VisitID is the visit of a request to its commune alone; "" (stored
	// as null) for a common one.
	VisitID  string `json:"visit_id"`
	Text     string `json:"body"`
	Deadline Date   `json:"deadline"`
	Status   string `json:"status"` // RequestStatuses
	// Scope, DelegationID and Communes: as a difficulty's (format 5): a
	// request common to several communes of the delegation is one record
	// of the delegation naming them, counted once.
	Scope        string `json:"scope"` // RequestScopes
	DelegationID string `json:"delegation_id"`
	Communes     string `json:"communes"`
}

// Shared reports whether the request is common to several communes of
// its delegation.
func (r Request) Shared() bool { return r.Scope == "delegation" }

// Concerns reports whether the request is common and names the commune.
func (r Request) Concerns(communeID string) bool {
	return r.Shared() && communeID != "" && listed(r.Communes, communeID)
}

// Overdue reports whether the request is past its deadline on day and not done.
func (r Request) Overdue(day Date) bool {
	if r.Status == "overdue" {
		return true
	}
	return r.Status != "done" && !r.Deadline.IsZero() && r.Deadline.Before(day)
}

// IntPtr returns a pointer to n, for the optional counts of a Session.
func IntPtr(n int) *int { return &n }

// FloatPtr returns a pointer to f, for the optional bounds of an Indicator.
func FloatPtr(f float64) *float64 { return &f }
