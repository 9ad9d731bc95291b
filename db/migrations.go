package db

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// migration is one step of the schema: its SQL, and data it brings.
type migration struct {
	sql  string
	seed func(*Tx) error
}

// ApplicationID marks a SQLite file as a Giám sát database ("GSAT").
const ApplicationID = 0x47534154

// migrations are applied in order, each in its own transaction; the database's
// user_version is the number applied. Never edit or reorder a released one:
// append a new one.
var migrations = []migration{
	// 1: the domain. (Its seed, the indicator catalogue, moved to the last
	// migration: a seed writes records with the columns of today's code.)
	{sql: `
CREATE TABLE communes (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	name TEXT NOT NULL CHECK (name <> ''),
	kind TEXT NOT NULL DEFAULT 'commune',
	province TEXT NOT NULL DEFAULT '',
	code TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE delegations (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	number TEXT NOT NULL CHECK (number <> ''),
	issuing_body TEXT NOT NULL DEFAULT '',
	decision_ref TEXT NOT NULL DEFAULT '',
	report_ref TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	period_from TEXT,
	period_to TEXT,
	notes TEXT NOT NULL DEFAULT '',
	CHECK (period_to IS NULL OR period_from IS NULL OR period_to >= period_from)
);
CREATE TABLE members (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	delegation_id TEXT NOT NULL REFERENCES delegations(id),
	full_name TEXT NOT NULL CHECK (full_name <> ''),
	role TEXT NOT NULL,
	position TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX members_delegation ON members(delegation_id);
CREATE TABLE visits (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	delegation_id TEXT NOT NULL REFERENCES delegations(id),
	commune_id TEXT NOT NULL REFERENCES communes(id),
	visit_date TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	chaired_by TEXT NOT NULL DEFAULT '',
	attendees TEXT NOT NULL DEFAULT '',
	assessment TEXT NOT NULL DEFAULT '',
	conclusions TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_delegation ON visits(delegation_id, visit_date);
CREATE INDEX visits_commune ON visits(commune_id);
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT NOT NULL REFERENCES visits(id),
	level TEXT NOT NULL,
	held INTEGER CHECK (held IS NULL OR held >= 0),
	held_qualifier TEXT NOT NULL DEFAULT '',
	participants INTEGER CHECK (participants IS NULL OR participants >= 0),
	participants_qualifier TEXT NOT NULL DEFAULT '',
	expected INTEGER CHECK (expected IS NULL OR expected >= 0),
	mode TEXT NOT NULL DEFAULT '',
	link_points INTEGER CHECK (link_points IS NULL OR link_points >= 0),
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_visit ON sessions(visit_id);
CREATE TABLE indicators (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	code TEXT NOT NULL CHECK (code <> ''),
	name_vi TEXT NOT NULL CHECK (name_vi <> ''),
	name_en TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL,
	unit_label TEXT NOT NULL DEFAULT '',
	min_value REAL,
	max_value REAL,
	sort_order INTEGER NOT NULL DEFAULT 0,
	is_key INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE indicator_values (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT NOT NULL REFERENCES visits(id),
	indicator_id TEXT NOT NULL REFERENCES indicators(id),
	value REAL NOT NULL,
	qualifier TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_values_visit ON indicator_values(visit_id);
CREATE TABLE difficulties (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT NOT NULL REFERENCES visits(id),
	category TEXT NOT NULL,
	description TEXT NOT NULL CHECK (description <> ''),
	remedy TEXT NOT NULL DEFAULT '',
	responsible TEXT NOT NULL DEFAULT '',
	deadline TEXT,
	status TEXT NOT NULL
);
CREATE INDEX difficulties_visit ON difficulties(visit_id);
CREATE TABLE requests (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT NOT NULL REFERENCES visits(id),
	body TEXT NOT NULL CHECK (body <> ''),
	deadline TEXT,
	status TEXT NOT NULL
);
CREATE INDEX requests_visit ON requests(visit_id);
`},
	// 2: what exchange packages need: each record's synced revision and
	// local change time, the database's own ID, and the log of packages.
	{seed: seedExchange, sql: exchangeMigration()},
	// 3: a difficulty may be common to every commune of its delegation,
	// recorded once at one visit and counted once.
	{sql: `ALTER TABLE difficulties ADD COLUMN scope TEXT NOT NULL DEFAULT 'commune';`},
	// 4: version vectors and content hashes in place of revision numbers
	// for telling, between PCs, which copy descends from which.
	{seed: seedVersions, sql: versionMigration()},
	// 5: which packages a recipient has confirmed receiving, and when each
	// package received was made, so that a package that never arrived is
	// noticed and the next one can start from what was confirmed.
	{sql: `
CREATE TABLE confirmations (
	package_id TEXT PRIMARY KEY,
	by_database_id TEXT NOT NULL,
	at TEXT NOT NULL
);
ALTER TABLE exchanges ADD COLUMN peer_created_at TEXT NOT NULL DEFAULT '';
`},
	// 6: a common difficulty belongs to its delegation, with the list of
	// the communes it concerns, no longer to the visit it was noted at:
	// a commune's package carries it without another commune's visit.
	{seed: seedCommonDifficulties, sql: commonDifficultiesMigration},
	// 7: a request may be common to several communes of a delegation, as
	// a difficulty may (scope, delegation_id, communes; every request
	// until now is its visit's commune's own). A count may be "many", with
	// no number (a new qualifier: no column). The sample, where present, is
	// brought up to today's: Lũng Nặm's mass organisations held "many"
	// campaigns, and the requests are the delegation's to both communes,
	// once.
	{seed: seedCommonRequests, sql: commonRequestsMigration},
	// 8: what changed since a time (a sync's push, a package of changes)
	// is found by an index, not by reading every table whole: a sync of
	// 10 visits on 20,000 spent most of its 250 ms there.
	{sql: changedAtMigration()},
}

func changedAtMigration() string {
	var b strings.Builder
	for _, t := range syncedTables {
		fmt.Fprintf(&b, "CREATE INDEX %[1]s_changed_at ON %[1]s(changed_at);\n", t)
	}
	return b.String()
}

// commonRequestsMigration rebuilds the requests table (SQLite cannot drop
// a NOT NULL) with what a common request needs.
const commonRequestsMigration = `
CREATE TABLE requests_new (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT REFERENCES visits(id),
	body TEXT NOT NULL CHECK (body <> ''),
	deadline TEXT,
	status TEXT NOT NULL,
	synced_revision INTEGER NOT NULL DEFAULT 0,
	changed_at TEXT NOT NULL DEFAULT '',
	version TEXT NOT NULL DEFAULT '',
	content_hash TEXT NOT NULL DEFAULT '',
	scope TEXT NOT NULL DEFAULT 'commune',
	delegation_id TEXT REFERENCES delegations(id),
	communes TEXT NOT NULL DEFAULT '',
	CHECK ((visit_id IS NULL) <> (delegation_id IS NULL))
);
INSERT INTO requests_new (id, created_at, updated_at, revision, deleted_at, visit_id, body, deadline, status,
	synced_revision, changed_at, version, content_hash)
SELECT id, created_at, updated_at, revision, deleted_at, visit_id, body, deadline, status,
	synced_revision, changed_at, version, content_hash
FROM requests;
DROP TABLE requests;
ALTER TABLE requests_new RENAME TO requests;
CREATE INDEX requests_visit ON requests(visit_id);
CREATE INDEX requests_delegation ON requests(delegation_id);
`

// seedCommonRequests gives every request its content hash with the new
// columns (its version stays: nothing travels again), and brings a sample,
// where there is one, up to today's.
func seedCommonRequests(t *Tx) error {
	if err := rehash(t, []string{"requests"}, nil); err != nil {
		return err
	}
	var n int
	if err := t.tx.QueryRowContext(t.ctx, "SELECT count(*) FROM delegations WHERE id = ? AND deleted_at IS NULL",
		StableID("sample/delegation/03")).Scan(&n); err != nil || n == 0 {
		return err
	}
	_, err := loadSample(t)
	return err
}

// commonDifficultiesMigration rebuilds the difficulties table (SQLite
// cannot drop a NOT NULL): a common difficulty has no visit, and its
// delegation instead; the communes are filled in by seedCommonDifficulties.
const commonDifficultiesMigration = `
CREATE TABLE difficulties_new (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	deleted_at TEXT,
	visit_id TEXT REFERENCES visits(id),
	category TEXT NOT NULL,
	description TEXT NOT NULL CHECK (description <> ''),
	remedy TEXT NOT NULL DEFAULT '',
	responsible TEXT NOT NULL DEFAULT '',
	deadline TEXT,
	status TEXT NOT NULL,
	scope TEXT NOT NULL DEFAULT 'commune',
	synced_revision INTEGER NOT NULL DEFAULT 0,
	changed_at TEXT NOT NULL DEFAULT '',
	version TEXT NOT NULL DEFAULT '',
	content_hash TEXT NOT NULL DEFAULT '',
	delegation_id TEXT REFERENCES delegations(id),
	communes TEXT NOT NULL DEFAULT '',
	CHECK ((visit_id IS NULL) <> (delegation_id IS NULL))
);
INSERT INTO difficulties_new (id, created_at, updated_at, revision, deleted_at, visit_id, category,
	description, remedy, responsible, deadline, status, scope, synced_revision, changed_at, version,
	content_hash, delegation_id, communes)
SELECT d.id, d.created_at, d.updated_at, d.revision, d.deleted_at,
	CASE WHEN d.scope = 'delegation' THEN NULL ELSE d.visit_id END,
	d.category, d.description, d.remedy, d.responsible, d.deadline, d.status, d.scope,
	d.synced_revision, d.changed_at, d.version, d.content_hash,
	CASE WHEN d.scope = 'delegation' THEN v.delegation_id END,
	CASE WHEN d.scope = 'delegation' THEN v.commune_id ELSE '' END
FROM difficulties d JOIN visits v ON v.id = d.visit_id;
DROP TABLE difficulties;
ALTER TABLE difficulties_new RENAME TO difficulties;
CREATE INDEX difficulties_visit ON difficulties(visit_id);
CREATE INDEX difficulties_delegation ON difficulties(delegation_id);
`

// seedCommonDifficulties gives each common difficulty the communes its
// delegation visited (those it was meant for when it was common to all),
// besides the one it was noted at, and its new content hash; and marks it
// changed, so that the next package to any of those communes carries it.
// Its version stays: a PC that migrates the same record to another list
// (it held fewer of the delegation's visits) merges the two by union.
func seedCommonDifficulties(t *Tx) error {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT d.id, d.communes, group_concat(v.commune_id)
FROM difficulties d LEFT JOIN visits v ON v.delegation_id = d.delegation_id AND v.deleted_at IS NULL
WHERE d.scope = 'delegation' GROUP BY d.id`)
	if err != nil {
		return err
	}
	type update struct{ id, communes string }
	var updates []update
	for rows.Next() {
		var id, noted string
		var visited sql.NullString
		if err := rows.Scan(&id, &noted, &visited); err != nil {
			rows.Close()
			return err
		}
		updates = append(updates, update{id, UnionIDs(noted, visited.String)})
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	now := stamp(Now())
	for _, u := range updates {
		if _, err := t.tx.ExecContext(t.ctx, "UPDATE difficulties SET communes = ?, changed_at = ? WHERE id = ?", u.communes, now, u.id); err != nil {
			return err
		}
	}
	return rehash(t, []string{"difficulties"}, nil)
}

// builtins adds the built-in records after the last migration (a test of
// an earlier schema turns it off: that program wrote them with its columns).
var builtins = seedIndicators

// tablesOfMigration2 are the tables migration 2 gave exchange columns,
// frozen as released: a table added to syncedTables later gets its columns
// in its own migration.
var tablesOfMigration2 = []string{"communes", "indicators", "delegations", "members", "visits",
	"sessions", "indicator_values", "difficulties", "requests"}

// tablesOfMigration4 are the tables migration 4 gave versions, frozen.
var tablesOfMigration4 = tablesOfMigration2

// syncedTables are the tables of records that travel in exchange packages,
// parents before the records that point to them.
var syncedTables = []string{"communes", "indicators", "delegations", "members", "visits",
	"sessions", "indicator_values", "difficulties", "requests"}

func exchangeMigration() string {
	var b strings.Builder
	for _, t := range tablesOfMigration2 {
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN synced_revision INTEGER NOT NULL DEFAULT 0;\n", t)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';\n", t)
		fmt.Fprintf(&b, "UPDATE %s SET changed_at = updated_at;\n", t)
	}
	b.WriteString(`CREATE TABLE properties (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE exchanges (
	id TEXT PRIMARY KEY,
	at TEXT NOT NULL,
	direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
	package_id TEXT NOT NULL,
	peer_database_id TEXT NOT NULL DEFAULT '',
	peer TEXT NOT NULL DEFAULT '',
	file TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exchanges_at ON exchanges(at);
`)
	return b.String()
}

// seedExchange gives the database its own ID. (It added the indicator
// catalogue too, until a later migration changed the indicators' columns:
// built-in records are written with today's columns, so they are added
// after the last migration; see migrateOne.)
func seedExchange(t *Tx) error {
	_, err := t.tx.ExecContext(t.ctx, "INSERT INTO properties (key, value) VALUES ('database_id', ?)", uuid.NewString())
	return err
}

func versionMigration() string {
	var b strings.Builder
	for _, t := range tablesOfMigration4 {
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN version TEXT NOT NULL DEFAULT '';\n", t)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';\n", t)
	}
	return b.String()
}

// seedVersions gives every record its version by the rule for records from
// before versions (LegacyVersion, from its revisions and this database's
// ID) and its content hash. It reads rows as they are, not through today's
// record types, so that it stays as released.
func seedVersions(t *Tx) error {
	var dbID string
	if err := t.tx.QueryRowContext(t.ctx, "SELECT value FROM properties WHERE key = 'database_id'").Scan(&dbID); err != nil {
		return err
	}
	return rehash(t, tablesOfMigration4, func(revision, synced int) Version {
		return LegacyVersion(revision, synced, dbID)
	})
}

// metaColumnNames are the columns of a synced table that are not the
// record's own content.
var metaColumnNames = map[string]bool{"id": true, "created_at": true, "updated_at": true, "revision": true,
	"deleted_at": true, "synced_revision": true, "changed_at": true, "version": true, "content_hash": true}

// rehash sets content_hash of every row of tables from the row's own
// columns as they are, and, when version is set, the row's version from its
// revisions: what a migration that changes what a record holds runs.
func rehash(t *Tx, tables []string, version func(revision, synced int) Version) error {
	for _, table := range tables {
		rows, err := t.tx.QueryContext(t.ctx, "SELECT * FROM "+table)
		if err != nil {
			return err
		}
		names, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		type update struct{ id, version, hash string }
		var updates []update
		for rows.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			var own []string
			var ownVals []any
			var u update
			var revision, synced int
			deleted := false
			for i, n := range names {
				switch n {
				case "id":
					u.id = fmt.Sprint(vals[i])
				case "revision":
					revision = int(vals[i].(int64))
				case "synced_revision":
					synced = int(vals[i].(int64))
				case "deleted_at":
					deleted = vals[i] != nil
				}
				if !metaColumnNames[n] {
					own = append(own, n)
					ownVals = append(ownVals, vals[i])
				}
			}
			u.hash = hashValues(table, deleted, own, ownVals)
			if version != nil {
				u.version = version(revision, synced).String()
			}
			updates = append(updates, u)
		}
		if err := closeRows(rows); err != nil {
			return err
		}
		query := "UPDATE " + table + " SET content_hash = ?1 WHERE id = ?3"
		if version != nil {
			query = "UPDATE " + table + " SET content_hash = ?1, version = ?2 WHERE id = ?3"
		}
		st, err := t.tx.PrepareContext(t.ctx, query)
		if err != nil {
			return err
		}
		for _, u := range updates {
			if _, err := st.ExecContext(t.ctx, u.hash, u.version, u.id); err != nil {
				st.Close()
				return err
			}
		}
		st.Close()
	}
	return nil
}
