package db

import (
	"crypto/sha256"
	"fmt"
	"testing"
)

// releasedMigrations are the SHA-256 of the SQL of each migration as it
// was released. A database migrated by an earlier program has run exactly
// this SQL: a released migration is never edited (append a new one), and
// one built from today's lists (syncedTables) would change under it.
var releasedMigrations = []string{
	"58b1345eda5635b85b15006a266cea07220e73b39977939a6a6bfb12042aa4d6",
	"6d418f727926a626e442cb8800e426202793d75625e94760a3aba625c48cdb2b",
	"62f0eae3d5c571ec8982118462f244484ad1a095a6928e5e399f07ea6b3b16a5",
	"4c78be58b0302aa9a6adbc8ae0a0ee5f65f280ede492ebc5e1f54b75ce2f0337",
	"73724d086823292291d0bd034e27fd82593812321b7d5d0bf1b68c958851caf0",
	"fb5a2daf3bb02b8218b13376077ab6a0d59ff58dcc0aab3a2059723d88e3bde9",
}

func TestReleasedMigrationsAreFrozen(t *testing.T) {
	if len(migrations) < len(releasedMigrations) {
		t.Fatalf("%d migrations, %d were released", len(migrations), len(releasedMigrations))
	}
	for i, want := range releasedMigrations {
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(migrations[i].sql))); got != want {
			t.Errorf("released migration %d changed (sha256 %s): append a new migration instead", i+1, got)
		}
	}
}
