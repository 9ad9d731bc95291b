package document

import (
	"context"

	"giamsat/db"
)

// Notice drafts the notice of the delegation's conclusions at one visit,
// to the commune's Party committee, and writes it to path (.docx) safely.
// It says that visit only: its figures, the assessment, the difficulties
// and requests that apply to the commune (common ones included), and
// nothing of another commune's visit.
func Notice(ctx context.Context, store *db.Store, visitID, path string, opts Options) error {
	v, err := store.VisitDetail(ctx, visitID)
	if err != nil {
		return db.Fail(err, "The visit is no longer in the database (it may have just been deleted).")
	}
	w, err := newWriter(ctx, store, v.Visit.DelegationID, opts)
	if err != nil {
		return err
	}
	w.notice(v)
	return save(path, &w.doc)
}

// notice is the body of the notice: header, the basis and the working
// session, the results and strengths, the shortcomings, the conclusions
// and requests, then the recipients (the commune's Party committee
// first) and the signature.
func (w *writer) notice(v *db.VisitDetail) {
	w.header("……-TB/ĐGS")
	w.doc.p(para{align: "center", before: 12}, run{text: w.say("NOTICE"), size: 16, bold: true})
	w.doc.p(para{align: "center", after: 12}, run{text: w.say("Conclusions of Supervision Delegation No. %s at %s", w.d.Number, w.inSentence(v.Commune)), bold: true})
	w.doc.p(para{indent: 1}, run{text: w.mandate() + "."})
	w.doc.p(para{indent: 1}, run{text: w.sessionLine(v, true)})
	w.doc.p(para{indent: 1}, run{text: w.say("From the report of the commune's Party committee and the working session, the delegation concludes as follows:")})

	w.heading(w.say("I. RESULTS AND STRENGTHS"))
	w.figures(v)
	if v.Visit.Assessment != "" {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation's assessment: "), italic: true}, run{text: v.Visit.Assessment})
	}

	w.heading(w.say("II. DIFFICULTIES AND SHORTCOMINGS"))
	if len(v.Difficulties) == 0 {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation noted no difficulty.")})
	}
	for _, d := range v.Difficulties {
		w.doc.p(para{indent: 1}, run{text: item(d.Description, w.remedy(d.Remedy))})
	}

	w.heading(w.say("III. CONCLUSIONS AND REQUESTS TO THE COMMUNE"))
	if v.Visit.Conclusions != "" {
		w.doc.p(para{indent: 1}, run{text: v.Visit.Conclusions})
	}
	if len(v.Requests) > 0 {
		w.doc.p(para{indent: 1, before: 6}, run{text: w.say("The delegation requests the Party committee of %s:", w.inSentence(v.Commune)), bold: true})
		for _, q := range v.Requests {
			w.doc.p(para{indent: 1}, run{text: item(q.Text, w.deadline(q.Deadline))})
		}
	}
	w.doc.p(para{indent: 1, before: 6}, run{text: w.say("The Party committee of %s is asked to carry out these conclusions and to report the results to the delegation.", w.inSentence(v.Commune))})
	w.doc.keepLast(2)
	w.ending([]string{
		w.say("- Party Committee of %s,", w.inSentence(v.Commune)),
		w.superior(),
		w.say("- Members of the delegation,"),
		w.say("- Archive."),
	})
}
