package exchange_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"giamsat/app/exchange"
	"giamsat/db"
)

// receive applies a package at p with conflicts answered at random and
// checks every change against the oracle.
func (m *model) receive(p *pc, ml mail) bool {
	pkg, err := exchange.Read(ctx, ml.path, "")
	if err != nil {
		m.fail("read %s: %v", ml.path, err)
	}
	before := m.state(p)
	incoming := map[rkey]state{} // what arrived: Prepare lets go of what changes nothing
	for table, rs := range pkg.Tables {
		for _, r := range rs {
			k := rkey{table, db.MetaOf(r).ID}
			incoming[k] = ml.sent[k]
		}
	}
	plan, err := exchange.Prepare(ctx, p.store, pkg)
	var re *exchange.RefusedError
	if errors.As(err, &re) {
		// Only a package of changes whose base this PC lacks may be refused.
		if pkg.Manifest.ChangedSince == nil {
			m.fail("pc%d refused a whole package %s: %v", p.n, filepath.Base(ml.path), err)
		}
		m.logf("pc%d refuses %s (changes over a base it lacks)", p.n, filepath.Base(ml.path))
		return false
	}
	if err != nil {
		m.fail("pc%d prepare: %v", p.n, err)
	}
	m.answer(plan)
	if err := plan.Apply(ctx, p.store, ml.path, nil); err != nil {
		var ue *db.UserError
		if errors.As(err, &ue) && ue.Err != nil {
			err = fmt.Errorf("%v (%w)", err, ue.Err)
		}
		m.fail("pc%d apply %s: %v", p.n, filepath.Base(ml.path), err)
	}
	m.check(p, fmt.Sprintf("receives %s from pc%d", filepath.Base(ml.path), ml.from), plan, before, incoming)
	return true
}

// answer answers the conflicts of plan at random: all one side, all the
// other, field by field, or as pre-chosen.
func (m *model) answer(plan *exchange.Plan) {
	for _, c := range plan.Conflicts {
		if c.Fields != nil && m.rng.IntN(3) == 0 {
			var fields []string
			for f := range c.Fields {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			for _, f := range fields {
				c.Fields[f] = m.rng.IntN(2) == 0
			}
			continue
		}
		switch m.rng.IntN(3) {
		case 0:
			c.SetAll(true)
		case 1:
			c.SetAll(false)
		}
	}
}

// check compares what p holds after plan was applied with what it held
// before and what came (incoming): a version replaced or passed over
// without a conflict shown must have held nothing the other lacked.
func (m *model) check(p *pc, what string, plan *exchange.Plan, before, incoming map[rkey]state) {
	shown := map[rkey]bool{}
	for _, c := range plan.Conflicts {
		shown[rkey{c.Table, db.MetaOf(c.Local).ID}] = true
	}
	implied, joined := map[rkey]bool{}, map[rkey]bool{}
	for _, r := range append(plan.Resurrected, plan.Cascaded...) {
		implied[rkey{db.TableOf(r), db.MetaOf(r).ID}] = true
	}
	for _, r := range plan.Joined {
		// Both versions' edits are in it: their other fields were equal,
		// and its lists are the union of theirs.
		k := rkey{db.TableOf(r), db.MetaOf(r).ID}
		if _, had := before[k]; !had || incoming[k].version == "" {
			m.fail("pc%d %v: joined without a version here and one received", p.n, k)
		}
		joined[k] = true
	}
	m.logf("pc%d %s: %d conflicts, %d brought back, %d deleted with a parent, %d lists joined",
		p.n, what, len(plan.Conflicts), len(plan.Resurrected), len(plan.Cascaded), len(plan.Joined))
	if len(shown) == 0 && len(implied) > 0 {
		m.fail("pc%d: records brought back or deleted without a conflict shown", p.n)
	}
	after := m.state(p)
	for k, now := range after {
		old, had := before[k]
		in, came := incoming[k]
		if had && old.version == now.version {
			// Passed over: what came must be within what is here.
			if came && !shown[k] && !m.histOf(k, in).within(m.histOf(k, now)) {
				m.fail("pc%d %v: the received version %s was passed over without a conflict; it held edits this PC lacks (here %s)",
					p.n, k, in.version, now.version)
			}
			continue
		}
		switch {
		case came && now.version == in.version:
			if had && !shown[k] && !m.histOf(k, old).within(m.histOf(k, in)) {
				m.fail("pc%d %v: version %s replaced by %s without a conflict; edits here were lost", p.n, k, old.version, in.version)
			}
			m.register(k, now, m.histOf(k, in))
		case !came && !had:
			m.fail("pc%d %v: a record appeared that the package did not carry", p.n, k)
		default:
			var e events = events{}
			if had {
				e = m.histOf(k, old)
			}
			if came {
				e = e.union(m.histOf(k, in))
			}
			converged := had && came && old.hash == in.hash && now.hash == in.hash
			if !converged && !shown[k] && !implied[k] && !joined[k] {
				m.fail("pc%d %v: a new version %s without a conflict shown (was %s, received %s)", p.n, k, now.version, old.version, in.version)
			}
			m.register(k, now, e)
		}
	}
}

// finalExchange has every PC send a whole package to every other, round
// after round, until all hold the same; then checks the end state. With a
// server, the PCs that sync do so before and after each round, until the
// server holds what they all hold.
func (m *model) finalExchange() {
	syncs := func() {
		for _, p := range m.pcs {
			if p.syncs {
				m.server.sync(m, p, false)
			}
		}
	}
	differs := ""
	for round := range 6 {
		if m.server != nil {
			syncs()
		}
		for _, from := range m.pcs {
			path := filepath.Join(m.dir, fmt.Sprintf("final-%d-%d.giamsat", round, from.n))
			if _, err := exchange.Make(ctx, from.store, path, exchange.Options{}); err != nil {
				m.fail("final make: %v", err)
			}
			ml := mail{from: from.n, path: path, sent: m.state(from)}
			m.logf("final round %d: pc%d sends all", round, from.n)
			for _, to := range m.pcs {
				if to != from {
					ml.to = to.n
					m.receive(to, ml)
				}
			}
		}
		if m.server != nil {
			syncs()
		}
		if !m.converged() {
			continue
		}
		if m.server != nil {
			if differs = m.server.differs(m, m.pcs[0]); differs != "" {
				continue
			}
		}
		m.checkEnd()
		return
	}
	if differs != "" {
		m.fail("the server does not hold what the PCs hold after six rounds: %s", differs)
	}
	m.fail("the PCs did not converge after six rounds of whole packages")
}

func (m *model) converged() bool {
	first := m.state(m.pcs[0])
	for _, p := range m.pcs[1:] {
		s := m.state(p)
		if len(s) != len(first) {
			return false
		}
		for k, a := range first {
			b, ok := s[k]
			if !ok || a.version != b.version || a.hash != b.hash || a.deleted != b.deleted {
				return false
			}
		}
	}
	return true
}

// checkEnd: no live record under a deleted or missing one.
func (m *model) checkEnd() {
	s := m.state(m.pcs[0])
	for k, st := range s {
		if st.deleted {
			continue
		}
		for i, ref := range db.ReferenceColumns(k.table) {
			if st.refs[i] == "" {
				continue // a common difficulty's visit: none
			}
			p, ok := s[rkey{ref.Table, st.refs[i]}]
			if !ok || p.deleted {
				m.fail("%v lives under %s %s, which is deleted or missing", k, ref.Table, st.refs[i])
			}
		}
	}
}

var ctx = context.Background()

// shortID is the first part of an ID, enough to tell it in a log.
func shortID(id string) string { return id[:min(8, len(id))] }
