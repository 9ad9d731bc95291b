package db

import (
	"context"
	"strings"
)

// Rights are what the user this database syncs as may write on the
// province server (docs/server.md, "Who may write what", the one place the
// rule is written; the server's policies enforce it, and the window shows
// read-only what they would refuse). The zero value writes everything: a
// database that never synced, or the province office.
type Rights struct {
	Kind         string // "", "province", "delegation" or "commune"
	CommuneID    string // the commune a commune secretary stands for
	DelegationID string // the delegation a member stands for
}

// MayWrite reports whether the user may write a record of table that
// belongs to the delegation and, under a visit, to the visit's commune
// (communeID "" for what is not under a visit).
func (r Rights) MayWrite(table, delegationID, communeID string) bool {
	switch r.Kind {
	case "", "province":
		return true
	case "delegation":
		return table != "communes" && table != "indicators" && delegationID != "" && delegationID == r.DelegationID
	case "commune":
		switch table {
		case "sessions", "indicator_values", "difficulties":
			return communeID != "" && communeID == r.CommuneID
		}
	}
	return false
}

// MayWriteRecord is MayWrite for rec: a commune secretary writes her
// commune's own difficulties, not those the delegation notes as common.
func (r Rights) MayWriteRecord(rec Record, delegationID, communeID string) bool {
	if r.Kind == "commune" {
		if d, ok := rec.(*Difficulty); ok && d.Shared() {
			return false
		}
	}
	return r.MayWrite(TableOf(rec), delegationID, communeID)
}

// rightsKey is the property that keeps the rights the last sync read.
const rightsKey = "server_rights"

// Rights returns what the last sync with the province server said the
// user may write (the zero value when this database never synced).
func (s *Store) Rights(ctx context.Context) (Rights, error) {
	v, err := s.Property(ctx, rightsKey)
	if err != nil || v == "" {
		return Rights{}, err
	}
	p := strings.SplitN(v, "|", 3)
	for len(p) < 3 {
		p = append(p, "")
	}
	return Rights{Kind: p[0], CommuneID: p[1], DelegationID: p[2]}, nil
}

// SetRights keeps what the server said the user may write.
func (s *Store) SetRights(ctx context.Context, r Rights) error {
	return s.SetProperty(ctx, rightsKey, r.Kind+"|"+r.CommuneID+"|"+r.DelegationID)
}
