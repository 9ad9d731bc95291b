package exchange

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

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

// Conflict is a record the two databases changed without either seeing the
// other's change: always shown, never settled by the order of arrival.
type Conflict struct {
	Table           string
	Local, Incoming db.Record
	// TakeIncoming is the choice: the received version replaces this
	// database's (true), or this database's is kept (false). It starts as
	// Preferred says, the same on every PC.
	TakeIncoming bool
	// Fields, when both versions are live, chooses field by field: the
	// received value of the columns set to true, this database's of the
	// others. It starts as TakeIncoming for every field that differs.
	Fields map[string]bool
	// Parent is set for a conflict the plan derived from a deletion: a
	// record this PC holds under a record the sender deleted, or a record
	// the sender added or changed under one deleted here. The side that
	// stands for the deletion is a tombstone made from the other side.
	Parent db.Record
	// Goes counts, per table, the records of this PC under the record that
	// go with it if the deletion is taken.
	Goes map[string]int
	// where says where the record belongs (its visit or delegation).
	where place
}

// SetAll takes the received version (true) or keeps this database's, whole.
func (c *Conflict) SetAll(take bool) {
	c.TakeIncoming = take
	for f := range c.Fields {
		c.Fields[f] = take
	}
}

// Outcome is "taken", "kept" or, for a choice made field by field that
// takes some of each, "merged".
func (c *Conflict) Outcome() string {
	if c.Fields == nil { // one side deleted it: the record is chosen whole
		if c.TakeIncoming {
			return "taken"
		}
		return "kept"
	}
	taken := 0
	for _, t := range c.Fields {
		if t {
			taken++
		}
	}
	switch taken {
	case len(c.Fields):
		return "taken"
	case 0:
		return "kept"
	}
	return "merged"
}

// FieldChange is one field where the two versions differ, said in lang.
type FieldChange struct {
	Column, Text string
}

// Preferred reports whether, of two concurrent versions of a record, the
// received one is the one to keep when nobody chooses: a live version
// before a deletion (nothing typed is lost, and a deletion can be made
// again), then the later change, then the larger content hash. It depends
// on the two versions alone, so every PC, and -conflicts newer, chooses
// alike whichever arrived first.
func Preferred(local, incoming db.Record) bool {
	l, in := db.MetaOf(local), db.MetaOf(incoming)
	if l.Deleted() != in.Deleted() {
		return l.Deleted()
	}
	if !l.UpdatedAt.Equal(in.UpdatedAt) {
		return in.UpdatedAt.After(l.UpdatedAt)
	}
	return in.Hash > l.Hash
}

func newConflict(table string, local, incoming db.Record) *Conflict {
	c := &Conflict{Table: table, Local: local, Incoming: incoming, TakeIncoming: Preferred(local, incoming)}
	if !db.MetaOf(incoming).Deleted() && !db.MetaOf(local).Deleted() {
		c.Fields = map[string]bool{}
		for _, d := range db.Differences(local, incoming) {
			c.Fields[d.Column] = c.TakeIncoming
		}
	}
	return c
}

// result is the version to write for the choice made: the received one,
// this database's, or this database's with the received values of the
// fields chosen; its version descends from both sides, with step, this
// receipt's step of this database, so that it travels back as an update
// and the conflict is not raised again.
func (c *Conflict) result(step db.Dot) db.Record {
	var out db.Record
	switch c.Outcome() {
	case "taken":
		out = clone(c.Incoming)
	case "kept":
		out = clone(c.Local)
	default:
		var take []string
		for f, t := range c.Fields {
			if t {
				take = append(take, f)
			}
		}
		out = clone(c.Local)
		db.CopyColumns(out, c.Incoming, take)
		if m, in := db.MetaOf(out), db.MetaOf(c.Incoming); in.UpdatedAt.After(m.UpdatedAt) {
			m.UpdatedAt = in.UpdatedAt
		}
	}
	m := db.MetaOf(out)
	m.Version = db.Merge(db.MetaOf(c.Local).Version, db.MetaOf(c.Incoming).Version).With(step.Replica, step.Counter)
	// A choice is a change of its own: made now. Should two PCs settle the
	// same conflict apart, the later choice is the one pre-chosen when the
	// two meet.
	m.UpdatedAt = db.Now()
	return out
}

func clone(r db.Record) db.Record { return db.Clone(r) }

// tombstoneOf is r deleted as its parent was, with the deletion's times.
// Its version stays r's: the parent's steps say nothing of r's own
// versions, and borrowing them would claim that r's tombstone had seen
// versions of r it never saw. Written, it takes a step of this database
// (see cascadeBelow and Conflict.result).
func tombstoneOf(r, parent db.Record) db.Record {
	out := clone(r)
	m, pm := db.MetaOf(out), db.MetaOf(parent)
	m.DeletedAt, m.UpdatedAt = pm.DeletedAt, pm.UpdatedAt
	m.Hash = db.ContentHash(out)
	return out
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
// records neither side has, or break a rule, refuse the package.
func Prepare(ctx context.Context, store *db.Store, pkg *Package) (*Plan, error) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	if own, err := store.DatabaseID(ctx); err != nil {
		return nil, err
	} else if own == pkg.Manifest.DatabaseID {
		return nil, refused(problemf("Gói này được làm từ chính cơ sở dữ liệu này (%s): nhận lại không thay đổi gì.",
			"This package was made from this very database (%s): receiving it changes nothing.", pkg.Manifest.DatabaseName))
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
	idMap, err := p.matchCatalogues(ctx, store, p.held)
	if err != nil {
		return nil, err
	}
	// present are the IDs, per table, that will be there live after receiving.
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
	var problems []Problem
	defs := map[string]*db.Indicator{}
	for _, r := range pkg.Tables["indicators"] {
		defs[db.MetaOf(r).ID] = r.(*db.Indicator)
	}
	// The other tables' records are read on the other core, one table ahead
	// of the comparing.
	type heldTable struct {
		held map[string]db.Held
		err  error
	}
	ahead := map[string]chan heldTable{}
	var order []string
	for _, table := range db.SyncedTables() {
		if p.held[table] == nil && len(pkg.Tables[table]) > 0 {
			ahead[table] = make(chan heldTable, 1)
			order = append(order, table)
		}
	}
	loadCtx, stopLoading := context.WithCancel(ctx)
	defer stopLoading()
	go func() {
		for _, table := range order {
			h, err := store.HeldRecords(loadCtx, table)
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
	for _, table := range db.SyncedTables() {
		t := p.Tallies[table]
		heldHere := p.held[table]
		if ch, ok := ahead[table]; ok {
			got := <-ch
			if got.err != nil {
				return nil, got.err
			}
			heldHere = got.held
		}
		for _, r := range pkg.Tables[table] {
			m := db.MetaOf(r)
			if _, ok := idMap[m.ID]; ok && (table == "communes" || table == "indicators") {
				continue // tallied as matched
			}
			for _, ref := range db.References(r) {
				if to, ok := idMap[ref.ID]; ok {
					db.SetReference(r, ref.Column, to)
				}
			}
			a := action{table: table, rec: r}
			held, isHeld := heldHere[m.ID]
			a.isHeld, a.heldDeleted = isHeld, held.Deleted
			switch {
			case !a.isHeld && m.Deleted():
				// A deletion of a record this database never had is kept all
				// the same, so that an older copy arriving later cannot bring
				// it back; unless what it points to is nowhere here.
				if !p.canStore(r, present) {
					t.Unchanged++
					continue
				}
				a.kind, a.noted = New, true
				t.Unchanged++
				p.add(a)
				continue
			case !a.isHeld:
				a.kind = New
			default:
				var local db.Record
				a.kind, a.conflict, local, err = compare(ctx, store, table, r, held)
				if err != nil {
					return nil, err
				}
				if a.kind == Converged {
					if p.converged == nil {
						p.converged = map[int]db.Record{}
					}
					p.converged[len(p.actions)] = local
				}
			}
			switch a.kind {
			case Unchanged:
				t.Unchanged++
				continue
			case Converged:
				t.Unchanged++
			case New:
				t.New++
			case Updated:
				t.Updated++
			case Deleted:
				t.Deleted++
			case InConflict:
				t.Conflicts++
			}
			if !m.Deleted() {
				problems = append(problems, p.checkReferences(ctx, store, r, present, p.held, defs)...)
			}
			p.add(a)
		}
	}
	if len(problems) > 0 {
		if pkg.Manifest.ChangedSince != nil {
			problems = append(problems, problemf("Gói này chỉ có những gì thay đổi từ lần gửi trước; máy này chưa có dữ liệu gửi lần đó. Hãy xin bên gửi một gói đầy đủ (bỏ chọn \"chỉ gửi những gì thay đổi\").",
				"This package holds only what changed since an earlier one, which this PC never received. Ask the sender for a whole package (without \"only what changed\")."))
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
		for _, ref := range db.References(db.NewRecord(t)) {
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

// compare decides what a received record does to the one this database
// holds, by their versions: the same or older here, nothing; newer there, an
// update; neither descending from the other, a conflict, unless both say
// the same (then the versions merge). The same version with other content
// is a conflict too, never "the same".
func compare(ctx context.Context, store *db.Store, table string, in db.Record, h db.Held) (Kind, *Conflict, db.Record, error) {
	m := db.MetaOf(in)
	order := h.Version.Compare(m.Version)
	if order == db.Newer {
		return Unchanged, nil, nil, nil
	}
	// The hash is kept on the record only where it is needed again: a
	// large package received a second time keeps none.
	sum := db.ContentSum(in)
	switch {
	case order == db.Same && h.Hash == sum:
		return Unchanged, nil, nil, nil
	case order == db.Older:
		if m.Deleted() && !h.Deleted {
			return Deleted, nil, nil, nil
		}
		return Updated, nil, nil, nil
	}
	m.Hash = hex.EncodeToString(sum[:])
	local, err := store.Lookup(ctx, table, m.ID)
	if err != nil {
		return 0, nil, nil, err
	}
	if order == db.Concurrent && h.Hash == sum {
		return Converged, nil, local, nil
	}
	return InConflict, newConflict(table, local, in), nil, nil
}

// deletes reports whether the action deletes, or may delete (a conflict
// over its deletion), a record this database holds alive.
func (a action) deletes() bool {
	if !db.MetaOf(a.rec).Deleted() || !a.isHeld || a.heldDeleted {
		return false
	}
	return a.kind == Deleted || a.kind == InConflict && a.conflict.Parent == nil
}

// children indexes this database's live records by the records they point to.
func (p *Plan) children(ctx context.Context, store *db.Store) (map[string][]key, error) {
	out := map[string][]key{}
	for _, table := range db.SyncedTables() {
		live, err := store.LiveReferences(ctx, table)
		if err != nil {
			return nil, err
		}
		refs := db.References(db.NewRecord(table))
		for id, to := range live {
			for i, ref := range refs {
				k := ref.Table + "/" + to[i]
				out[k] = append(out[k], key{table, id})
			}
		}
	}
	// In one order on every PC and every run: conflicts are listed so.
	for _, ks := range out {
		slices.SortFunc(ks, func(a, b key) int { return cmp.Or(strings.Compare(a.table, b.table), strings.Compare(a.id, b.id)) })
	}
	return out, nil
}

type key struct{ table, id string }

// deriveDeletionConflicts finds, before anything is written, what a
// deletion would take that its sender did not know of, and makes each a
// conflict that says so: a record of this PC under a record the package
// deletes (and not itself in the package), and a record the package adds
// or changes under a record deleted here. Never a live record under a
// deleted one, and never a silent loss.
func (p *Plan) deriveDeletionConflicts(ctx context.Context, store *db.Store) error {
	var kids map[string][]key
	var err error
	for i := range p.actions {
		a := &p.actions[i]
		if !a.deletes() {
			continue
		}
		if kids == nil {
			if kids, err = p.children(ctx, store); err != nil {
				return err
			}
		}
		for _, k := range kids[a.table+"/"+db.MetaOf(a.rec).ID] {
			if _, carried := p.find(k.table, k.id); carried {
				continue
			}
			local, err := store.Lookup(ctx, k.table, k.id)
			if err != nil {
				return err
			}
			c := newConflict(k.table, local, tombstoneOf(local, a.rec))
			c.Parent = a.rec
			c.Goes = map[string]int{}
			p.countBelow(kids, k, c.Goes)
			p.add(action{table: k.table, rec: c.Incoming, kind: InConflict, isHeld: true, conflict: c})
			p.Tallies[k.table].Conflicts++
		}
	}
	for i := range p.actions {
		a := &p.actions[i]
		if (a.kind != New && a.kind != Updated) || db.MetaOf(a.rec).Deleted() {
			continue
		}
		for _, ref := range db.References(a.rec) {
			h, held := p.held[ref.Table][ref.ID]
			if !held || !h.Deleted {
				continue
			}
			if j, ok := p.find(ref.Table, ref.ID); ok && !db.MetaOf(p.actions[j].rec).Deleted() {
				continue // the package brings it back
			}
			parent, err := store.Lookup(ctx, ref.Table, ref.ID)
			if err != nil {
				return err
			}
			c := newConflict(a.table, tombstoneOf(a.rec, parent), a.rec)
			c.Parent = parent
			switch a.kind {
			case New:
				p.Tallies[a.table].New--
			case Updated:
				p.Tallies[a.table].Updated--
			}
			p.Tallies[a.table].Conflicts++
			a.kind, a.conflict = InConflict, c
			break
		}
	}
	return nil
}

// countBelow adds to goes the record k and what lies under it here.
func (p *Plan) countBelow(kids map[string][]key, k key, goes map[string]int) {
	goes[k.table]++
	for _, c := range kids[k.table+"/"+k.id] {
		p.countBelow(kids, c, goes)
	}
}

// matchCatalogues finds the communes (same code; without codes, same name
// and province) and indicators (same code) this database has under other
// IDs, and returns the received ID to use the local one instead.
func (p *Plan) matchCatalogues(ctx context.Context, store *db.Store, held map[string]map[string]db.Held) (map[string]string, error) {
	idMap := map[string]string{}
	for _, table := range []string{"communes", "indicators"} {
		var fresh []db.Record
		for _, r := range p.Package.Tables[table] {
			if _, ok := held[table][db.MetaOf(r).ID]; !ok && !db.MetaOf(r).Deleted() {
				fresh = append(fresh, r)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		local, err := store.CatalogueEntries(ctx, table)
		if err != nil {
			return nil, err
		}
		byKey := map[string]string{}
		for _, r := range local {
			if db.MetaOf(r).Deleted() {
				continue
			}
			for _, k := range catalogueKeys(r) {
				if _, ok := byKey[k]; !ok {
					byKey[k] = db.MetaOf(r).ID
				}
			}
		}
		for _, r := range fresh {
			for _, k := range catalogueKeys(r) {
				if id, ok := byKey[k]; ok {
					idMap[db.MetaOf(r).ID] = id
					p.Tallies[table].Matched++
					break
				}
			}
		}
	}
	return idMap, nil
}

// catalogueKeys are what make two catalogue entries the same.
func catalogueKeys(r db.Record) []string {
	switch v := r.(type) {
	case *db.Commune:
		var keys []string
		if v.Code != "" {
			keys = append(keys, "code:"+db.Fold(v.Code))
		}
		return append(keys, "name:"+db.Fold(v.Kind)+"|"+db.Fold(v.Name)+"|"+db.Fold(v.Province))
	case *db.Indicator:
		return []string{"code:" + db.Fold(v.Code)}
	}
	return nil
}

// checkReferences finds what a live record points to that neither side
// has, and an indicator result its indicator's bounds refuse.
func (p *Plan) checkReferences(ctx context.Context, store *db.Store, r db.Record, present map[string]map[string]bool,
	held map[string]map[string]db.Held, defs map[string]*db.Indicator) []Problem {
	var problems []Problem
	for _, ref := range db.References(r) {
		_, isHeld := held[ref.Table][ref.ID]
		// Held, even deleted, the row is there: a record left under a
		// deleted parent must not stop every later exchange.
		if present[ref.Table][ref.ID] || isHeld {
			continue
		}
		problems = append(problems, Problem{
			VI: fmt.Sprintf("%s trỏ tới %s (mã %s) mà cả gói lẫn máy này đều không có.", Label(r, "vi"), strings.ToLower(TableName(ref.Table, "vi")), shortID(ref.ID)),
			EN: fmt.Sprintf("%s points to %s (id %s), which neither the package nor this PC has.", Label(r, "en"), strings.ToLower(TableName(ref.Table, "en")), shortID(ref.ID)),
		})
	}
	if v, ok := r.(*db.IndicatorValue); ok && len(problems) == 0 {
		def := defs[v.IndicatorID]
		if def == nil {
			local, err := store.Lookup(ctx, "indicators", v.IndicatorID)
			if err != nil {
				return problems
			}
			def = local.(*db.Indicator)
			defs[v.IndicatorID] = def
		}
		for _, e := range db.ValidateIndicatorValue(*v, *def) {
			problems = append(problems, Problem{
				VI: fmt.Sprintf("%s: %s", Label(r, "vi"), e.VI),
				EN: fmt.Sprintf("%s: %s", Label(r, "en"), e.EN)})
		}
	}
	return problems
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

// describeGoes says what taking a deletion takes here: "1 buổi làm việc và
// 15 bản ghi thuộc buổi đó".
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
	when := p.Missing.CreatedAt.Local().Format("02/01/2006 15:04")
	from := p.Package.Manifest.DatabaseName
	if lang == "en" {
		return fmt.Sprintf("This PC never received the package %s sent on %s, which this one follows: what changed in it is not here. Ask %s for it again, or for a whole package.", from, when, from)
	}
	return fmt.Sprintf("Máy này chưa nhận gói %s gửi ngày %s mà gói này nối tiếp: những gì thay đổi trong gói đó chưa có ở đây. Hãy xin %s gửi lại gói đó, hoặc gửi một gói đầy đủ.", from, when, from)
}
