package db

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// GenerateReport says what Generate wrote.
type GenerateReport struct {
	Delegations, Communes, Visits, Rows int
}

var (
	genCommuneStems = []string{"Lũng Nặm", "Thông Nông", "Hà Quảng", "Trường Hà", "Tổng Cọt", "Nà Giàng",
		"Quảng Uyên", "Phục Hòa", "Trùng Khánh", "Đàm Thủy", "Trà Lĩnh", "Quang Hán", "Hạ Lang", "Lý Quốc",
		"Bảo Lạc", "Cốc Pàng", "Bảo Lâm", "Lý Bôn", "Nguyên Bình", "Tĩnh Túc", "Hòa An", "Nam Tuấn",
		"Thạch An", "Đông Khê", "Minh Khai"}
	genNames = []string{"Nông Văn", "Hoàng Thị", "Lý Văn", "Đàm Quang", "Triệu Thị", "Bế Văn", "Lục Thị",
		"Ma Văn", "Nguyễn Thị", "La Văn"}
	genCategories = []string{"facilities", "staffing", "capacity", "propaganda", "economy"}
	genGiven      = []string{"Hùng", "Lan", "Tuấn", "Hạnh", "Dũng", "Thảo", "Cường", "Mai", "Quyết", "Hương"}
	genDiff       = map[string][]string{
		"facilities": {"Trụ sở làm việc xuống cấp, thiếu phòng họp trực tuyến.", "Thiếu máy tính, đường truyền mạng không ổn định."},
		"staffing":   {"Thiếu công chức địa chính - xây dựng.", "Một số vị trí việc làm chưa được bố trí đủ người."},
		"capacity":   {"Cán bộ chi bộ thôn còn hạn chế về kỹ năng tuyên truyền.", "Năng lực ứng dụng công nghệ thông tin của cán bộ chưa đồng đều."},
		"propaganda": {"Hình thức tuyên truyền chưa phong phú, chưa phù hợp với đồng bào dân tộc thiểu số.", "Tỷ lệ người dân tham gia các buổi tuyên truyền chưa cao."},
		"economy":    {"Thu nhập bình quân đầu người còn thấp.", "Giao thông đi lại khó khăn vào mùa mưa."},
	}
	genRequests = []string{"Báo cáo kết quả khắc phục hạn chế về Đoàn giám sát.",
		"Xây dựng kế hoạch tuyên truyền nghị quyết đến từng thôn, xóm.",
		"Rà soát, kiện toàn đội ngũ công chức chuyên môn.",
		"Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính."}
)

// Generate fills the store with n synthetic visits for benchmarks: about
// n/50 delegations and 100 communes, each visit with sessions at three
// levels, six indicator values, three difficulties and two requests. The
// same n and seed give the same figures.
func (s *Store) Generate(ctx context.Context, n int, seed uint64) (GenerateReport, error) {
	var rep GenerateReport
	if n <= 0 {
		return rep, fmt.Errorf("the number of visits must be positive, not %d", n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	inds, err := s.Indicators(ctx)
	if err != nil {
		return rep, err
	}
	if len(inds) < 6 {
		return rep, fmt.Errorf("the indicator catalogue has %d entries, 6 are needed", len(inds))
	}
	inds = inds[:6]
	nDel := max(1, n/50)
	const nCommunes = 100
	g := &generator{rng: rng, inds: inds, start: NewDate(2026, time.January, 5),
		communes: make([]string, nCommunes), delegations: make([]string, nDel)}
	err = s.WithTx(ctx, func(t *Tx) error {
		g.t = t
		if err := g.communesAndDelegations(); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := g.visit(i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return GenerateReport{}, err
	}
	rep.Rows = g.rows
	rep.Delegations, rep.Communes, rep.Visits = nDel, nCommunes, n
	// A large save: fold the journal into the file now, so that a copy of
	// the file alone holds it.
	s.Checkpoint(ctx)
	return rep, nil
}

// generator makes up the records of Generate, in one transaction, from one
// random source: the same calls in the same order give the same figures.
type generator struct {
	t     *Tx
	rng   *rand.Rand
	rows  int // records saved
	inds  []Indicator
	start Date // the first delegation's first day

	communes, delegations []string // IDs
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *generator) person() string { return g.pick(genNames) + " " + g.pick(genGiven) }

func (g *generator) save(r Record) error {
	g.rows++
	return g.t.Save(r)
}

// communesAndDelegations makes the communes, then the delegations with
// their members.
func (g *generator) communesAndDelegations() error {
	for i := range g.communes {
		name := genCommuneStems[i%len(genCommuneStems)]
		if i >= len(genCommuneStems) {
			name = fmt.Sprintf("%s %d", name, i/len(genCommuneStems)+1)
		}
		c := &Commune{Name: name, Kind: "commune", Province: "Cao Bằng", Code: fmt.Sprintf("%05d", 1300+i)}
		if err := g.save(c); err != nil {
			return err
		}
		g.communes[i] = c.ID
	}
	for i := range g.delegations {
		from := NewDate(g.start.t.AddDate(0, 0, i*3).Date())
		d := &Delegation{Number: fmt.Sprintf("%02d", i+1), IssuingBody: "Tỉnh ủy Cao Bằng",
			DecisionRef: fmt.Sprintf("%d-QĐ/TU", 100+i), ReportRef: fmt.Sprintf("%d-BC/ĐGS", i+1),
			Subject:    "Giám sát việc lãnh đạo, chỉ đạo quán triệt và thực hiện nghị quyết tại các xã",
			PeriodFrom: from, PeriodTo: NewDate(from.t.AddDate(0, 2, 0).Date())}
		if err := g.save(d); err != nil {
			return err
		}
		g.delegations[i] = d.ID
		for j, role := range []string{"head", "deputy", "member", "member", "secretary"} {
			if err := g.save(&Member{DelegationID: d.ID, FullName: g.person(), Role: role,
				Position: "Cán bộ Tỉnh ủy", SortOrder: j}); err != nil {
				return err
			}
		}
	}
	return nil
}

// visit makes the i-th visit with its sessions, indicator values,
// difficulties and requests.
func (g *generator) visit(i int) error {
	del := i % len(g.delegations)
	day := NewDate(g.start.t.AddDate(0, 0, del*3+g.rng.IntN(60)).Date())
	v := &Visit{DelegationID: g.delegations[del], CommuneID: g.communes[g.rng.IntN(len(g.communes))], Date: day,
		Place: "Hội trường Đảng ủy xã", ChairedBy: g.person(), Attendees: "Ban Thường vụ Đảng ủy xã",
		Assessment:  "Đảng ủy xã đã chủ động quán triệt, triển khai nghị quyết; tình hình chính trị ổn định.",
		Conclusions: "Đề nghị Đảng ủy xã tiếp tục khắc phục hạn chế, cụ thể hóa nghị quyết thành kế hoạch hành động."}
	if err := g.save(v); err != nil {
		return err
	}
	if err := g.sessions(v); err != nil {
		return err
	}
	if err := g.values(v); err != nil {
		return err
	}
	if err := g.difficulties(v, day); err != nil {
		return err
	}
	for j := 0; j < 2; j++ {
		status := []string{"open", "in_progress", "done"}[g.rng.IntN(3)]
		if err := g.save(&Request{VisitID: v.ID, Text: g.pick(genRequests),
			Deadline: NewDate(day.t.AddDate(0, 1+j, 0).Date()), Status: status}); err != nil {
			return err
		}
	}
	return nil
}

// sessions makes v's sessions at three levels.
func (g *generator) sessions(v *Visit) error {
	for _, level := range []string{"commune", "party_cell", "mass_org"} {
		held := 1 + g.rng.IntN(40)
		expected := held * (20 + g.rng.IntN(60))
		part := expected - g.rng.IntN(expected/10+1)
		se := &Session{VisitID: v.ID, Level: level, Held: IntPtr(held), Participants: IntPtr(part),
			Expected: IntPtr(expected), Mode: "in_person"}
		if g.rng.IntN(5) == 0 {
			se.ParticipantsQualifier = "more_than"
		}
		if err := g.save(se); err != nil {
			return err
		}
	}
	return nil
}

// values makes a value of each of the six indicators for v.
func (g *generator) values(v *Visit) error {
	for _, ind := range g.inds {
		val := g.rng.Float64() * 100
		switch ind.Unit {
		case "percent_plan":
			val = 80 + g.rng.Float64()*80
		case "of_n":
			val = float64(g.rng.IntN(int(*ind.Max) + 1))
		case "count":
			val = float64(g.rng.IntN(10))
		}
		if ind.Unit != "of_n" && ind.Unit != "count" {
			val = float64(int(val*10)) / 10
		}
		if err := g.save(&IndicatorValue{VisitID: v.ID, IndicatorID: ind.ID, Value: val}); err != nil {
			return err
		}
	}
	return nil
}

// difficulties makes v's three difficulties.
func (g *generator) difficulties(v *Visit, day Date) error {
	for j := 0; j < 3; j++ {
		cat := genCategories[g.rng.IntN(len(genCategories))]
		d := &Difficulty{VisitID: v.ID, Category: cat, Description: g.pick(genDiff[cat]),
			Remedy: "Đề xuất cấp trên hỗ trợ.", Responsible: "Ủy ban nhân dân xã",
			Deadline: NewDate(day.t.AddDate(0, 3, 0).Date()), Status: "open", Scope: "commune"}
		// One in fifty is common to this commune and two others.
		if g.rng.IntN(50) == 0 {
			d.VisitID, d.DelegationID, d.Scope = "", v.DelegationID, "delegation"
			d.Communes = JoinIDs([]string{v.CommuneID, g.communes[g.rng.IntN(len(g.communes))], g.communes[g.rng.IntN(len(g.communes))]})
		}
		if err := g.save(d); err != nil {
			return err
		}
	}
	return nil
}
