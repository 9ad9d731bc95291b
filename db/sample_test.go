package db

import (
	"context"
	"path/filepath"
	"testing"
)

// A database holding the earlier sample (Lũng Nặm's mass organisations: a
// note, no qualifier) is brought up to today's at the migration: "many"
// campaigns, under the built-in version 2, so that every PC holds the same.
// One whose users edited that record keeps their edit.
func TestEarlierSampleRenewed(t *testing.T) {
	ctx := context.Background()
	for _, edited := range []bool{false, true} {
		path := earlierSample(t, edited)
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		id := StableID("sample/session/03/lung-nam/mass_org")
		got, err := Get[Session](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !edited && (got.HeldQualifier != "many" || got.Held != nil || got.Version.String() != "0:2" || got.Hash != ContentHash(got)):
			t.Errorf("not renewed: %+v", got)
		case edited && (got.HeldQualifier != "" || got.Note != earlierMassOrgNote):
			t.Errorf("an edited record was renewed: %+v", got)
		}
		// The requests: the delegation's, once, to both communes; those of
		// the earlier sample, once per commune, deleted.
		visits, _ := s.Visits(ctx, VisitFilter{})
		common, _ := s.CommonRequests(ctx, visits[0].DelegationID)
		own, _ := s.Requests(ctx, visits[0].ID)
		if len(common) != len(sampleRequests) || len(own) != 0 {
			t.Errorf("%d common requests, %d of Lũng Nặm's own; want %d and 0", len(common), len(own), len(sampleRequests))
		}
		for _, r := range common {
			if r.Hash != ContentHash(&r) {
				t.Errorf("request %s: stale hash", r.ID)
			}
		}
		s.Close()
	}
}

const earlierMassOrgNote = "Mặt trận Tổ quốc và các đoàn thể tổ chức nhiều đợt tuyên truyền (không nêu số lượng)"

// earlierSample makes a database of schema 6 holding the sample as the
// program of that schema loaded it: Lũng Nặm's mass organisations with a
// note and no qualifier, the requests once per commune (edited: that
// session changed by its users).
func earlierSample(t *testing.T, edited bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v6.db")
	saved, savedBuiltins := migrations, builtins
	migrations, builtins = saved[:6], nil
	s, err := Open(path)
	migrations, builtins = saved, savedBuiltins
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.WithTx(context.Background(), func(t *Tx) error {
		if err := seedIndicators(t); err != nil {
			return err
		}
		for _, r := range sampleRecords() {
			if _, ok := r.(*Request); ok {
				continue // the requests table of schema 6 has no scope
			}
			if se, ok := r.(*Session); ok && se.ID == StableID("sample/session/03/lung-nam/mass_org") {
				se.HeldQualifier, se.Note = "", earlierMassOrgNote
			}
			if _, err := t.Ensure(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	visits, _ := s.Visits(context.Background(), VisitFilter{})
	for ci, commune := range []string{"lung-nam", "thong-nong"} {
		for i, text := range sampleRequests {
			if _, err := s.write.Exec(`INSERT INTO requests (id, created_at, updated_at, revision, visit_id, body, deadline, status, changed_at, version, content_hash)
				VALUES (?, '2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.000Z', 1, ?, ?, '2026-12-31', 'open', '2026-11-20T08:00:00.000Z', '0:1', 'x')`,
				StableID("sample/request/03/"+commune+"/"+string(rune('a'+i))), visits[ci].ID, text); err != nil {
				t.Fatal(err)
			}
		}
	}
	if edited {
		if _, err := s.write.Exec("UPDATE sessions SET version = '0:1,l123:1' WHERE id = ?", StableID("sample/session/03/lung-nam/mass_org")); err != nil {
			t.Fatal(err)
		}
	}
	return path
}
