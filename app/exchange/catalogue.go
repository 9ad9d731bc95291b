package exchange

import (
	"context"

	"giamsat/db"
)

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
		problems = append(problems, problemf("%s points to %s (id %s), which neither the package nor this PC has.", recordSaid{r}, tableSaid(ref.Table), shortID(ref.ID)))
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
			problems = append(problems, problemf("%s: %s", recordSaid{r}, e))
		}
	}
	return problems
}
