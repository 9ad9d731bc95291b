package exchange

import (
	"context"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"giamsat/assets/text"
	"giamsat/db"
)

// Kind is what receiving a record does.
type Kind uint8

const (
	Unchanged Kind = iota
	New
	Updated
	Deleted
	InConflict
	Matched // a catalogue entry this database has under another ID
	// Converged: both sides hold the same content under versions that do
	// not descend from each other; the versions merge, nothing else changes.
	Converged
	// Joined: concurrent versions that differ only in lists that merge by
	// union (a common difficulty's communes): written as the union, with
	// a version that descends from both, without asking.
	Joined
)

// Tally counts, for one table, what receiving does to its records.
type Tally struct {
	New, Updated, Unchanged, Deleted, Conflicts, Matched int
}

// Sum adds up the tallies of every table.
func Sum(tallies map[string]*Tally) Tally {
	var sum Tally
	for _, t := range tallies {
		sum.New += t.New
		sum.Updated += t.Updated
		sum.Unchanged += t.Unchanged
		sum.Deleted += t.Deleted
		sum.Conflicts += t.Conflicts
		sum.Matched += t.Matched
	}
	return sum
}

// Plan is what receiving a package will do, worked out before anything is
// written: shown to the user, then applied in one transaction.
type Plan struct {
	Package   *Package
	Tallies   map[string]*Tally
	Conflicts []*Conflict
	actions   []action
	// index finds an action by table and ID.
	index map[string]map[string]int
	held  map[string]map[string]db.Held
	// Missing, when set, is the earlier package of the same sender that this
	// package of changes continues and this database never received: what
	// changed in it is not here (see MissingNote).
	Missing *Follows
	// Resurrected and Cascaded are filled by Apply: the records brought
	// back because a record kept or received lives under them, and those
	// deleted with a record whose deletion was taken.
	Resurrected, Cascaded []db.Record
	// Joined are the records Apply wrote as the union of two concurrent
	// versions that differed only in lists (see Joined).
	Joined []db.Record
	// converged holds, for a Converged action, this database's copy.
	converged map[int]db.Record
	// tombKids indexes the package's tombstones by what they point to.
	tombKids map[string][]int
}

type action struct {
	rec      db.Record
	conflict *Conflict
	table    string
	kind     Kind
	// isHeld: this database has the record; heldDeleted: as a tombstone.
	isHeld, heldDeleted bool
	// noted: a deletion of a record this database never had, kept only
	// so that an older copy cannot bring it back.
	noted bool
}

// Prepare compares the package with the store. Records that point to
// records neither side has, or break a rule, refuse the package. It
// consumes pkg: the records that change nothing are taken out of it as
// they are compared, and a package is prepared once.
func Prepare(ctx context.Context, store *db.Store, pkg *Package) (*Plan, error) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	p, err := newPlan(ctx, store, pkg)
	if err != nil {
		return nil, err
	}
	idMap, err := p.matchCatalogues(ctx, store, p.held)
	if err != nil {
		return nil, err
	}
	var problems []Problem
	for _, d := range pkg.oldCommon {
		problems = append(problems, p.oldCommonToDelegation(ctx, store, d)...)
	}
	present := presentIn(pkg)
	defs := map[string]*db.Indicator{}
	for _, r := range pkg.Tables["indicators"] {
		defs[db.MetaOf(r).ID] = r.(*db.Indicator)
	}
	heldOf, stop := p.heldAhead(ctx, store)
	defer stop()
	for _, table := range db.SyncedTables() {
		heldHere, err := heldOf(table)
		if err != nil {
			return nil, err
		}
		// A record that changes nothing is let go once compared: a package
		// received again is mostly such, and the heap it frees spares the
		// collector. What stays is what the plan writes.
		records := pkg.Tables[table]
		kept := records[:0]
		for _, r := range records {
			if _, ok := idMap[db.MetaOf(r).ID]; ok && (table == "communes" || table == "indicators") {
				kept = append(kept, r)
				continue // tallied as matched
			}
			planned := len(p.actions)
			found, err := p.planRecord(ctx, store, table, r, heldHere, idMap, present, defs)
			if err != nil {
				return nil, err
			}
			problems = append(problems, found...)
			if len(p.actions) > planned || len(found) > 0 {
				kept = append(kept, r)
			}
		}
		clear(records[len(kept):])
		pkg.Tables[table] = kept
	}
	if len(problems) > 0 {
		if pkg.Manifest.ChangedSince != nil {
			problems = append(problems, problemf("This package holds only what changed since an earlier one, which this PC never received. Ask the sender for a whole package (without \"only what changed\")."))
		}
		return nil, refused(problems...)
	}
	if err := p.deriveDeletionConflicts(ctx, store); err != nil {
		return nil, err
	}
	for _, a := range p.actions {
		if a.kind == InConflict {
			a.conflict.where = p.placeOf(ctx, store, a.conflict.Local)
			p.Conflicts = append(p.Conflicts, a.conflict)
		}
	}
	return p, nil
}

// newPlan starts the plan of receiving pkg: a PC's own package is refused,
// a package of changes whose predecessor never arrived is noted, and what
// this database holds of the tables records point to is read.
func newPlan(ctx context.Context, store *db.Store, pkg *Package) (*Plan, error) {
	if own, err := store.DatabaseID(ctx); err != nil {
		return nil, err
	} else if own == pkg.Manifest.DatabaseID {
		return nil, refused(problemf("This package was made from this very database (%s): receiving it changes nothing.", pkg.Manifest.DatabaseName))
	}
	p := &Plan{Package: pkg, Tallies: map[string]*Tally{}, index: map[string]map[string]int{}, held: map[string]map[string]db.Held{}}
	if f := pkg.Manifest.Follows; f != nil {
		got, err := store.HasReceived(ctx, pkg.Manifest.DatabaseID, f.PackageID, f.CreatedAt)
		if err != nil {
			return nil, err
		}
		if !got {
			p.Missing = f
		}
	}
	for _, table := range db.SyncedTables() {
		p.Tallies[table] = &Tally{}
		if !referenced[table] {
			continue
		}
		// What records point to is kept for the whole plan; the others'
		// (most of a database) only while their table is compared.
		h, err := store.HeldRecords(ctx, table)
		if err != nil {
			return nil, err
		}
		p.held[table] = h
		p.index[table] = map[string]int{}
	}
	p.actions = make([]action, 0, pkg.Records())
	return p, nil
}

// presentIn returns the IDs, per table that records point to, that the
// package brings alive.
func presentIn(pkg *Package) map[string]map[string]bool {
	present := map[string]map[string]bool{}
	for _, table := range db.SyncedTables() {
		if !referenced[table] {
			continue // nothing points to these
		}
		present[table] = map[string]bool{}
		for _, r := range pkg.Tables[table] {
			if !db.MetaOf(r).Deleted() {
				present[table][db.MetaOf(r).ID] = true
			}
		}
	}
	return present
}

// heldAhead returns what this database holds of each table, in the order
// of SyncedTables: the tables records point to from the plan, the others
// read on the other core ahead of the comparing.
func (p *Plan) heldAhead(ctx context.Context, store *db.Store) (heldOf func(table string) (map[string]db.Held, error), stop func()) {
	type heldTable struct {
		held map[string]db.Held
		err  error
	}
	ahead := map[string]chan heldTable{}
	var order []string
	for _, table := range db.SyncedTables() {
		if p.held[table] == nil && len(p.Package.Tables[table]) > 0 {
			ahead[table] = make(chan heldTable, 1)
			order = append(order, table)
		}
	}
	// A table's map, once compared, is filled again for a later table
	// that fits in it (growing a map is as dear as making one).
	type sized struct {
		m map[string]db.Held
		n int
	}
	var mu sync.Mutex
	var spare []sized
	lent := map[string]sized{}
	room := func(table string, n int) map[string]db.Held {
		mu.Lock()
		defer mu.Unlock()
		s := sized{n: n}
		for i, f := range spare {
			if f.n >= n {
				s = f
				spare = slices.Delete(spare, i, i+1)
				clear(s.m)
				break
			}
		}
		if s.m == nil {
			s.m = make(map[string]db.Held, n)
		}
		lent[table] = s
		return s.m
	}
	compared := ""
	loadCtx, stop := context.WithCancel(ctx)
	go func() {
		for _, table := range order {
			h, err := store.HeldRecordsInto(loadCtx, table, func(n int) map[string]db.Held { return room(table, n) })
			select {
			case ahead[table] <- heldTable{h, err}:
			case <-loadCtx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return func(table string) (map[string]db.Held, error) {
		if ch, ok := ahead[table]; ok {
			mu.Lock()
			if s, ok := lent[compared]; ok { // the table before is compared
				delete(lent, compared)
				spare = append(spare, s)
			}
			mu.Unlock()
			got := <-ch
			compared = table
			return got.held, got.err
		}
		return p.held[table], nil
	}, stop
}

// planRecord decides what receiving r does and adds it to the plan; it
// returns what is wrong with what r points to.
func (p *Plan) planRecord(ctx context.Context, store *db.Store, table string, r db.Record, heldHere map[string]db.Held,
	idMap map[string]string, present map[string]map[string]bool, defs map[string]*db.Indicator) ([]Problem, error) {
	m := db.MetaOf(r)
	t := p.Tallies[table]
	if len(idMap) > 0 {
		db.MapReferences(r, func(id string) (string, bool) {
			to, ok := idMap[id]
			return to, ok
		})
	}
	if communes := db.CommunesOf(r); communes != nil && *communes != "" && len(idMap) > 0 {
		// The communes a common record names, as this PC has them.
		ids := db.SplitIDs(*communes)
		for i, id := range ids {
			if to, ok := idMap[id]; ok {
				ids[i] = to
			}
		}
		*communes = db.JoinIDs(ids)
	}
	a := action{table: table, rec: r}
	held, isHeld := heldHere[m.ID]
	a.isHeld, a.heldDeleted = isHeld, held.Deleted
	switch {
	case !a.isHeld && m.Deleted():
		// A deletion of a record this database never had is kept all the
		// same, so that an older copy arriving later cannot bring it back;
		// unless what it points to is nowhere here.
		t.Unchanged++
		if p.canStore(r, present) {
			a.kind, a.noted = New, true
			p.add(a)
		}
		return nil, nil
	case !a.isHeld:
		a.kind = New
	default:
		var local db.Record
		var err error
		a.kind, a.conflict, local, err = compare(ctx, store, table, r, held)
		if err != nil {
			return nil, err
		}
		if a.kind == Converged || a.kind == Joined {
			if p.converged == nil {
				p.converged = map[int]db.Record{}
			}
			p.converged[len(p.actions)] = local
		}
	}
	switch a.kind {
	case Unchanged:
		t.Unchanged++
		return nil, nil
	case Converged:
		t.Unchanged++
	case New:
		t.New++
	case Updated, Joined:
		t.Updated++
	case Deleted:
		t.Deleted++
	case InConflict:
		t.Conflicts++
	}
	var problems []Problem
	if !m.Deleted() {
		problems = p.checkReferences(ctx, store, r, present, p.held, defs)
	}
	p.add(a)
	return problems, nil
}

// oldCommonToDelegation makes a common difficulty of an older package, whose
// visit the package did not hold, a record of the delegation, from the visit
// this database holds, and checks it as checkRecords checks the others.
func (p *Plan) oldCommonToDelegation(ctx context.Context, store *db.Store, d *db.Difficulty) []Problem {
	v, err := store.Lookup(ctx, "visits", d.VisitID)
	if err != nil || !toDelegation(d, []db.Record{v}) {
		return []Problem{problemf("The common difficulty %s: neither the package nor this PC has the visit it was noted at.", shortID(d.ID))}
	}
	if d.Deleted() {
		return nil
	}
	var problems []Problem
	for _, e := range db.Check(d) {
		problems = append(problems, problemf("%s (%s), %s: %s", text.F(db.TableLabelKey("difficulties")), d.ID, fieldSaid{"difficulties", e.Field}, e))
	}
	return problems
}

// record returns the record of table with the ID as it will stand: the
// package's, else this database's, or nil.
func (p *Plan) record(ctx context.Context, store *db.Store, table, id string) db.Record {
	if i, ok := p.find(table, id); ok {
		return p.actions[i].rec
	}
	for _, r := range p.Package.Tables[table] {
		if db.MetaOf(r).ID == id {
			return r
		}
	}
	r, err := store.Lookup(ctx, table, id)
	if err != nil {
		return nil
	}
	return r
}

// placeOf finds the visit (commune, date) or the delegation r belongs to.
func (p *Plan) placeOf(ctx context.Context, store *db.Store, r db.Record) place {
	var visitID, delegationID string
	for _, ref := range db.References(r) {
		switch ref.Table {
		case "visits":
			visitID = ref.ID
		case "delegations":
			delegationID = ref.ID
		}
	}
	if v, ok := r.(*db.Visit); ok {
		visitID, delegationID = v.ID, ""
	}
	if visitID != "" {
		if v, ok := p.record(ctx, store, "visits", visitID).(*db.Visit); ok {
			if c, ok := p.record(ctx, store, "communes", v.CommuneID).(*db.Commune); ok {
				return place{commune: c.Name, date: v.Date.String()}
			}
		}
	}
	if delegationID != "" {
		if d, ok := p.record(ctx, store, "delegations", delegationID).(*db.Delegation); ok {
			return place{delegation: d.Number}
		}
	}
	return place{}
}

func (p *Plan) add(a action) {
	if m, ok := p.index[a.table]; ok {
		m[db.MetaOf(a.rec).ID] = len(p.actions)
	}
	p.actions = append(p.actions, a)
}

// referenced are the tables records point to: their actions are indexed as
// they are planned; the others' only when a deletion needs them (a large
// package's index would otherwise hold every record's ID twice).
var referenced = func() map[string]bool {
	out := map[string]bool{}
	for _, t := range db.SyncedTables() {
		for _, ref := range db.ReferenceColumns(t) {
			out[ref.Table] = true
		}
	}
	return out
}()

// find returns the position of the action on the record of table with the ID.
func (p *Plan) find(table, id string) (int, bool) {
	m, ok := p.index[table]
	if !ok {
		m = map[string]int{}
		for i, a := range p.actions {
			if a.table == table {
				m[db.MetaOf(a.rec).ID] = i
			}
		}
		p.index[table] = m
	}
	i, ok := m[id]
	return i, ok
}

// canStore reports whether every record r points to is here or in the
// package, so that r can be stored.
func (p *Plan) canStore(r db.Record, present map[string]map[string]bool) bool {
	for _, ref := range db.References(r) {
		_, held := p.held[ref.Table][ref.ID]
		_, coming := p.find(ref.Table, ref.ID)
		if !held && !coming && !present[ref.Table][ref.ID] {
			return false
		}
	}
	return true
}

// shortID is the first part of an ID, enough to tell it in a message.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

// Changes returns the number of records receiving will change: not those
// only noted (a deletion of a record never had, two versions that say the
// same merged).
func (p *Plan) Changes() int {
	n := 0
	for _, a := range p.actions {
		if a.kind == Converged || a.noted {
			continue
		}
		n++
	}
	return n
}

// Merged reports whether Apply wrote versions of this database's own that
// descend from the package's: conflicts settled, equal or list-joined
// versions merged, records brought back or deleted with a parent. The
// sender lacks them; a sync sends them back at once.
func (p *Plan) Merged() bool {
	if len(p.Conflicts)+len(p.Joined)+len(p.Resurrected)+len(p.Cascaded) > 0 {
		return true
	}
	for _, a := range p.actions {
		if a.kind == Converged {
			return true
		}
	}
	return false
}

// describeGoes says what taking a deletion takes here: "1 buổi làm việc và
// 15 mục thuộc buổi đó".
func describeGoes(goes map[string]int, lang string) string {
	var parts []string
	for _, table := range db.SyncedTables() {
		if n := goes[table]; n > 0 {
			parts = append(parts, db.FormatNumber(float64(n), lang)+" "+strings.ToLower(TableName(table, lang)))
		}
	}
	return strings.Join(parts, ", ")
}

// MissingNote says, in lang, which package of the sender this database
// lacks, or "" when none.
func (p *Plan) MissingNote(lang string) string {
	if p.Missing == nil {
		return ""
	}
	when := db.FormatMoment(p.Missing.CreatedAt)
	from := p.Package.Manifest.DatabaseName
	return text.F("This PC never received the package %[1]s sent on %[2]s, which this one follows: what changed in it is not here. Ask %[1]s for it again, or for a whole package.", from, when).In(lang)
}
