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
		path := filepath.Join(t.TempDir(), "old.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadSample(ctx); err != nil {
			t.Fatal(err)
		}
		id := StableID("sample/session/03/lung-nam/mass_org")
		version := "0:1"
		if edited {
			version = "0:1,l123:1"
		}
		// As the earlier sample wrote it, at schema 6.
		old := &Session{Meta: Meta{ID: id}, Level: "mass_org", Note: "Mặt trận Tổ quốc và các đoàn thể tổ chức nhiều đợt tuyên truyền (không nêu số lượng)"}
		if _, err := s.write.Exec("UPDATE sessions SET held_qualifier = '', note = ?, version = ?, content_hash = '' WHERE id = ?", old.Note, version, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.write.Exec("PRAGMA user_version = 6"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if s, err = Open(path); err != nil {
			t.Fatal(err)
		}
		got, err := Get[Session](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !edited && (got.HeldQualifier != "many" || got.Held != nil || got.Version.String() != "0:2" || got.Hash != ContentHash(got)):
			t.Errorf("not renewed: %+v", got)
		case edited && (got.HeldQualifier != "" || got.Note != old.Note):
			t.Errorf("an edited record was renewed: %+v", got)
		}
		s.Close()
	}
}
