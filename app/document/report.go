package document

import (
	"context"
	"fmt"
	"strings"

	"giamsat/db"
)

// Report drafts the report on the results of delegation's supervision,
// and writes it to path (.docx), safely: to a temporary file beside it,
// then renamed over it.
func Report(ctx context.Context, store *db.Store, delegationID, path string, opts Options) error {
	w, err := newWriter(ctx, store, delegationID, opts)
	if err != nil {
		return err
	}
	visits, err := store.Visits(ctx, db.VisitFilter{DelegationID: delegationID})
	if err != nil {
		return err
	}
	var details []*db.VisitDetail
	for _, v := range visits {
		d, err := store.VisitDetail(ctx, v.ID)
		if err != nil {
			return err
		}
		details = append(details, d)
	}
	if err := w.report(details); err != nil {
		return err
	}
	return save(path, &w.doc)
}

// report is the body of the report: header, basis, each commune's results,
// the difficulties (the common ones once), the conclusions and requests,
// then the recipients and the signature.
func (w *writer) report(visits []*db.VisitDetail) error {
	w.header(w.reportRef())
	w.doc.p(para{align: "center", before: 12}, run{text: w.say("REPORT"), size: 16, bold: true})
	w.doc.p(para{align: "center", after: 12}, run{text: w.subjectLine(visits), bold: true})
	w.basis(w.members)
	w.heading(w.say("I. RESULTS AT THE COMMUNES"))
	for i, v := range visits {
		w.commune(i+1, v)
	}
	w.heading(w.say("II. DIFFICULTIES AND SHORTCOMINGS"))
	w.difficulties(visits)
	w.heading(w.say("III. CONCLUSIONS AND REQUESTS"))
	w.conclusions(visits)
	if w.opts.Annex != "" {
		w.doc.p(para{indent: 1, before: 6}, run{text: w.say("(The figures in detail: in the annex attached.)"), italic: true})
	}
	w.doc.keepLast(2) // the last lines go with the signature
	w.ending(w.recipients(visits))
	return nil
}

func (w *writer) reportRef() string {
	if w.d.ReportRef != "" {
		return w.d.ReportRef
	}
	return "……-BC/ĐGS"
}

// subjectLine is the line under "BÁO CÁO": "Kết quả giám sát việc … ".
func (w *writer) subjectLine(visits []*db.VisitDetail) string {
	subject := w.d.Subject
	if subject == "" {
		var names []string
		for _, v := range visits {
			names = append(names, v.Commune.Name)
		}
		return w.say("Results of the supervision at %s", strings.Join(unique(names), ", "))
	}
	return w.say("Results of the %s", lowerFirst(subject))
}

// basis says on what the delegation worked, when and who it was.
func (w *writer) basis(members []db.Member) {
	s := w.mandate()
	if p := w.d.Period(); p != "" {
		s += w.say(", from %s to %s", w.d.PeriodFrom.String(), w.d.PeriodTo.String())
	}
	w.doc.p(para{indent: 1}, run{text: s + "."})
	if len(members) > 0 {
		var names []string
		for _, m := range members {
			role := db.MemberRoles.Label(m.Role, w.opts.Lang)
			n := w.comrade(m.FullName) + " (" + role
			if m.Position != "" {
				n += ", " + m.Position
			}
			names = append(names, n+")")
		}
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation: %s.", strings.Join(names, "; "))})
	}
	w.doc.p(para{indent: 1}, run{text: w.say("The delegation reports its results as follows:")})
}

// commune is what was found at one visit: the working session, the
// results in sentences, the indicators and the delegation's assessment.
func (w *writer) commune(n int, v *db.VisitDetail) {
	w.doc.p(para{before: 6, keepNext: true}, run{text: fmt.Sprintf("%d. %s", n, w.communeName(v.Commune)), bold: true})
	w.doc.p(para{indent: 1}, run{text: w.sessionLine(v, false)})
	w.figures(v)
	if v.Visit.Assessment != "" {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation's assessment: "), italic: true}, run{text: v.Visit.Assessment})
	}
}

// difficulties lists the difficulties: those common to several communes
// once, then each commune's own.
func (w *writer) difficulties(visits []*db.VisitDetail) {
	seen := map[string]bool{}
	var common []db.Difficulty
	own := map[string][]db.Difficulty{}
	for _, v := range visits {
		for _, d := range v.Difficulties {
			switch {
			case d.Shared() && !seen[d.ID]:
				seen[d.ID] = true
				common = append(common, d)
			case !d.Shared():
				own[v.Visit.ID] = append(own[v.Visit.ID], d)
			}
		}
	}
	if len(common)+len(own) == 0 {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation noted no difficulty.")})
		return
	}
	if len(common) > 0 {
		w.doc.p(para{indent: 1}, run{text: w.say("Difficulties common to the communes:"), italic: true})
		for _, d := range common {
			w.doc.p(para{indent: 1}, run{text: item(d.Description, w.remedy(d.Remedy))})
		}
	}
	for _, v := range visits {
		if list := own[v.Visit.ID]; len(list) > 0 {
			w.doc.p(para{indent: 1}, run{text: w.say("At %s:", w.inSentence(v.Commune)), italic: true})
			for _, d := range list {
				w.doc.p(para{indent: 1}, run{text: item(d.Description, w.remedy(d.Remedy))})
			}
		}
	}
}

// conclusions are the delegation's conclusions at each commune, then its
// requests: those to several communes once, with their deadlines.
func (w *writer) conclusions(visits []*db.VisitDetail) {
	// The same conclusions at several communes are written once, for them
	// all.
	var order []string
	at := map[string][]string{}
	for _, v := range visits {
		c := v.Visit.Conclusions
		if c == "" {
			continue
		}
		if _, ok := at[c]; !ok {
			order = append(order, c)
		}
		at[c] = append(at[c], v.Commune.Name)
	}
	for _, c := range order {
		where := w.say("At %s: ", w.say("the communes %s", strings.Join(unique(at[c]), ", ")))
		if len(unique(at[c])) == 1 {
			for _, v := range visits {
				if v.Visit.Conclusions == c {
					where = w.say("At %s: ", w.inSentence(v.Commune))
					break
				}
			}
		}
		w.doc.p(para{indent: 1}, run{text: where, italic: true}, run{text: c})
	}
	seen := map[string]bool{}
	var common []db.Request
	own := map[string][]db.Request{}
	for _, v := range visits {
		for _, q := range v.Requests {
			switch {
			case q.Shared() && !seen[q.ID]:
				seen[q.ID] = true
				common = append(common, q)
			case !q.Shared():
				own[v.Visit.ID] = append(own[v.Visit.ID], q)
			}
		}
	}
	if len(common)+len(own) == 0 {
		return
	}
	w.doc.p(para{indent: 1, before: 6}, run{text: w.say("The delegation requests:"), bold: true})
	if len(common) > 0 {
		var names []string
		for _, v := range visits {
			names = append(names, v.Commune.Name)
		}
		w.doc.p(para{indent: 1}, run{text: w.say("Of the Party committees of %s:", strings.Join(unique(names), ", ")), italic: true})
		for _, q := range common {
			w.doc.p(para{indent: 1}, run{text: item(q.Text, w.deadline(q.Deadline))})
		}
	}
	for _, v := range visits {
		if list := own[v.Visit.ID]; len(list) > 0 {
			w.doc.p(para{indent: 1}, run{text: w.say("Of the Party committee of %s:", w.inSentence(v.Commune)), italic: true})
			for _, q := range list {
				w.doc.p(para{indent: 1}, run{text: item(q.Text, w.deadline(q.Deadline))})
			}
		}
	}
}

// recipients of the report: the Standing Board that formed the
// delegation, the communes' Party committees, the archive.
func (w *writer) recipients(visits []*db.VisitDetail) []string {
	recipients := []string{w.superior()}
	byKind := map[string][]string{}
	for _, v := range visits {
		kind := v.Commune.Kind
		if kind == "" {
			kind = "commune"
		}
		byKind[kind] = append(byKind[kind], v.Commune.Name)
	}
	for _, kind := range db.CommuneKinds {
		if names := unique(byKind[kind.Code]); len(names) > 0 {
			recipients = append(recipients, w.say("- Party Committees of %s %s,", strings.ToLower(kind.Label(w.opts.Lang)), strings.Join(names, ", ")))
		}
	}
	return append(recipients, w.say("- Archive."))
}
