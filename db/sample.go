package db

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SampleReport says what LoadSample added.
type SampleReport struct {
	Added   int // records inserted by this call
	Present int // records that were there already
	Retired int // records of an earlier sample, never edited, deleted
}

// LoadSample adds the worked example: Supervision Delegation No. 03 of the
// Cao Bằng Provincial Party Committee at Lũng Nặm and Thông Nông. Every
// record has a stable ID, so loading it again adds nothing.
func (s *Store) LoadSample(ctx context.Context) (SampleReport, error) {
	var rep SampleReport
	err := s.WithTx(ctx, func(t *Tx) error {
		var err error
		rep, err = loadSample(t)
		return err
	})
	return rep, err
}

// loadSample adds what of the sample a database lacks, renews what an
// earlier sample recorded otherwise, and retires what today's does not
// have: never what its users edited or deleted.
func loadSample(t *Tx) (SampleReport, error) {
	var rep SampleReport
	for _, r := range sampleRecords() {
		added, err := t.Ensure(r)
		if err != nil {
			return rep, err
		}
		if added {
			rep.Added++
		} else {
			rep.Present++
		}
	}
	if _, err := renewSample(t); err != nil {
		return rep, err
	}
	// An earlier sample recorded the difficulties common to both
	// communes, and the requests to both, once per commune: those
	// records go, unless edited.
	for _, old := range retiredSample() {
		var revision int
		err := t.tx.QueryRowContext(t.ctx, "SELECT revision FROM "+TableOf(old)+" WHERE id = ? AND deleted_at IS NULL", MetaOf(old).ID).Scan(&revision)
		if errors.Is(err, sql.ErrNoRows) || err == nil && revision != 1 {
			continue
		}
		if err != nil {
			return rep, err
		}
		if err := t.Delete(old); err != nil {
			return rep, err
		}
		rep.Retired++
	}
	return rep, nil
}

// renewedSample are the records of the sample that an earlier sample
// recorded otherwise, with the built-in version today's has: Lũng Nặm's
// mass organisations held "many" campaigns (no number), once a note.
var renewedSample = map[string]uint64{"session/03/lung-nam/mass_org": 2}

// renewSample brings the records of an earlier sample that nobody edited to
// today's (see Tx.Renew); it returns how many it renewed.
func renewSample(t *Tx) (int, error) {
	n := 0
	for _, r := range sampleRecords() {
		for key, builtin := range renewedSample {
			if r.meta().ID != StableID("sample/"+key) {
				continue
			}
			ok, err := t.Renew(r, builtin)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
	}
	return n, nil
}

// sampleDifficulties are the difficulties the source names for both
// communes.
var sampleDifficulties = []struct{ category, text string }{
	{"facilities", "Trụ sở, điều kiện làm việc còn chật hẹp, thiếu trang thiết bị."},
	{"staffing", "Một số vị trí công chức chuyên môn còn thiếu."},
	{"capacity", "Trình độ, năng lực của đội ngũ cán bộ cơ sở chưa đồng đều."},
	{"propaganda", "Công tác tuyên truyền ở một số nơi hiệu quả chưa cao."},
}

// retiredSample are the records of an earlier sample that today's does not
// have: the common difficulties and the requests, once per commune.
func retiredSample() []Record {
	var out []Record
	for _, commune := range []string{"lung-nam", "thong-nong"} {
		for _, d := range sampleDifficulties {
			out = append(out, &Difficulty{Meta: Meta{ID: StableID("sample/difficulty/03/" + commune + "/" + d.category)}})
		}
		for i := range sampleRequests {
			out = append(out, &Request{Meta: Meta{ID: StableID("sample/request/03/" + commune + "/" + string(rune('a'+i)))}})
		}
	}
	return out
}

// sampleRequests are what the delegation asked of both communes.
var sampleRequests = []string{
	"Tiếp tục khắc phục những hạn chế, khó khăn; củng cố, phát huy kết quả đạt được.",
	"Cụ thể hóa nghị quyết thành chương trình, kế hoạch hành động sát với thực tiễn địa phương.",
	"Nâng cao hiệu quả công tác xây dựng Đảng gắn với phát triển kinh tế - xã hội.",
	"Bảo đảm quốc phòng, an ninh trên địa bàn.",
}

// sampleConclusions are the delegation's conclusions at each commune.
const sampleConclusions = "Đoàn giám sát ghi nhận, đánh giá cao tinh thần chủ động, trách nhiệm của Đảng ủy xã trong quán triệt, triển khai thực hiện nghị quyết. " +
	"Đề nghị Đảng ủy xã tiếp tục khắc phục hạn chế, củng cố kết quả đạt được, cụ thể hóa nghị quyết thành chương trình, kế hoạch sát thực tiễn, " +
	"nâng cao hiệu quả công tác xây dựng Đảng gắn với phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh."

// sampleValue is an indicator value of the sample, by the indicator's code.
type sampleValue struct {
	code      string
	v         float64
	qualifier string
}

// sampleCommune is a commune visited, with what the visit found.
type sampleCommune struct {
	key, name, code string
	date            Date
	assessment      string
	sessions        []Session
	values          []sampleValue
}

// sampleCommunes are the two communes visited, made anew at each call (the
// sessions' figures are pointers).
func sampleCommunes() []sampleCommune {
	return []sampleCommune{
		{"lung-nam", "Lũng Nặm", "01393", NewDate(2026, time.November, 18),
			"Xã biên giới vùng cao. Không có đơn thư khiếu nại, tố cáo phức tạp; tình hình chính trị, xã hội ổn định.",
			[]Session{
				{Level: "commune", Held: IntPtr(2), Participants: IntPtr(122), Note: "122 đại biểu"},
				{Level: "party_cell", Held: IntPtr(40), Participants: IntPtr(563), Note: "563 đảng viên"},
				{Level: "mass_org", HeldQualifier: "many", Note: "Mặt trận Tổ quốc và các đoàn thể tổ chức nhiều đợt tuyên truyền"},
			},
			[]sampleValue{{"poor_households", 53, "more_than"}, {"budget_revenue", 105, "more_than"},
				{"admin_digitised", 98, "more_than"}, {"ntm_criteria", 8, ""}}},
		{"thong-nong", "Thông Nông", "01363", NewDate(2026, time.November, 19),
			"Công tác quản lý thị trường được thực hiện tốt, không có khiếu nại hay \"điểm nóng\".",
			[]Session{
				{Level: "commune", Held: IntPtr(1), Participants: IntPtr(110), Mode: "in_person", Note: "110 đại biểu"},
				{Level: "party_cell", Held: IntPtr(41), Participants: IntPtr(1200), ParticipantsQualifier: "more_than", Note: "Chi bộ, đảng bộ trực thuộc; trên 1.200 đảng viên"},
				{Level: "mass_org", Held: IntPtr(44), Participants: IntPtr(2450), Note: "Các tổ chức chính trị - xã hội; 2.450 lượt người nghe"},
			},
			[]sampleValue{{"inspection_teams", 5, ""}, {"budget_revenue", 145, "more_than"},
				{"ntm_criteria", 9, ""}, {"online_services", 65, "more_than"}}},
	}
}

// sampleRecords are the records of the sample: delegation 03 at Lũng Nặm
// and Thông Nông, under IDs that are the same on every PC.
func sampleRecords() []Record {
	id := func(key string) string { return StableID("sample/" + key) }
	ind := func(code string) string { return StableID("indicator/" + code) }
	delegation := id("delegation/03")
	recs := []Record{
		&Delegation{Meta: Meta{ID: delegation}, Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng",
			ReportRef:  "12-BC/ĐGS",
			Subject:    "Giám sát việc quán triệt, triển khai thực hiện nghị quyết của Đảng tại các xã Lũng Nặm và Thông Nông",
			PeriodFrom: NewDate(2026, time.November, 1), PeriodTo: NewDate(2026, time.November, 30)},
		&Member{Meta: Meta{ID: id("member/head")}, DelegationID: delegation, FullName: "Nông Thanh Tùng", Role: "head",
			Position: "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", SortOrder: 1},
		&Member{Meta: Meta{ID: id("member/deputy")}, DelegationID: delegation, FullName: "Lý Văn Giang", Role: "deputy",
			Position: "Tỉnh ủy viên, Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", SortOrder: 2},
	}
	for _, c := range sampleCommunes() {
		commune := id("commune/" + c.key)
		visit := id("visit/03/" + c.key)
		recs = append(recs,
			&Commune{Meta: Meta{ID: commune}, Name: c.name, Kind: "commune", Province: "Cao Bằng", Code: c.code},
			&Visit{Meta: Meta{ID: visit}, DelegationID: delegation, CommuneID: commune, Date: c.date,
				Place:       "Trụ sở Đảng ủy xã " + c.name,
				ChairedBy:   "Nông Thanh Tùng, Trưởng Đoàn giám sát số 03",
				Attendees:   "Thành viên Đoàn giám sát số 03; Ban Thường vụ Đảng ủy xã " + c.name,
				Assessment:  c.assessment,
				Conclusions: sampleConclusions})
		for _, se := range c.sessions {
			se := se
			se.ID, se.VisitID = id("session/03/"+c.key+"/"+se.Level), visit
			recs = append(recs, &se)
		}
		for _, v := range c.values {
			recs = append(recs, &IndicatorValue{Meta: Meta{ID: id("value/03/" + c.key + "/" + v.code)},
				VisitID: visit, IndicatorID: ind(v.code), Value: v.v, Qualifier: v.qualifier})
		}
		// The difficulties named for both communes: records of the
		// delegation, once, naming both.
		if c.key == "lung-nam" {
			both := JoinIDs([]string{id("commune/lung-nam"), id("commune/thong-nong")})
			for _, d := range sampleDifficulties {
				recs = append(recs, &Difficulty{Meta: Meta{ID: id("difficulty/03/common/" + d.category)},
					DelegationID: delegation, Communes: both, Category: d.category, Description: d.text, Scope: "delegation",
					Responsible: "Đảng ủy các xã Lũng Nặm, Thông Nông", Status: "open"})
			}
		}
		// The delegation's requests, to both communes: records of the
		// delegation, once, naming both.
		if c.key == "lung-nam" {
			both := JoinIDs([]string{id("commune/lung-nam"), id("commune/thong-nong")})
			for i, text := range sampleRequests {
				recs = append(recs, &Request{Meta: Meta{ID: id("request/03/common/" + string(rune('a'+i)))},
					DelegationID: delegation, Communes: both, Scope: "delegation", Text: text,
					Deadline: NewDate(2026, time.December, 31), Status: "open"})
			}
		}
	}
	return recs
}
