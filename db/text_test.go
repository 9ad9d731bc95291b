package db

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCodeFrom(t *testing.T) {
	for name, want := range map[string]string{
		"Tỷ lệ hộ có nước sạch":         "ty_le_ho_co_nuoc_sach",
		"  Đường giao thông (km) ":      "duong_giao_thong_km",
		"":                              "",
		"Số hộ thoát nghèo năm 2026/27": "so_ho_thoat_ngheo_nam_2026_27",
	} {
		if got := CodeFrom(name); got != want {
			t.Errorf("CodeFrom(%q) = %q, want %q", name, got, want)
		}
	}
	if got := CodeFrom("Tỷ lệ hộ gia đình được sử dụng nước sạch hợp vệ sinh theo quy chuẩn"); len(got) > 40 || strings.HasSuffix(got, "_") {
		t.Errorf("a long name gives %q", got)
	}
}

// quickNFC may say "NFC" only where norm agrees: every rune it passes alone,
// and random texts made of runes below its bound, with and without the
// combining accents that decomposed Vietnamese brings.
func TestQuickNFCAgreesWithNorm(t *testing.T) {
	for r := rune(0); r < nfcQuickRunes+0x100; r++ {
		s := string(r)
		if quickNFC(s) && !norm.NFC.IsNormalString(s) {
			t.Fatalf("U+%04X passed as NFC alone", r)
		}
	}
	if !quickNFC("Lũng Nặm – “Nghị quyết” số 03… ơ ư đ") {
		t.Error("composed Vietnamese went to the slow path")
	}
	if quickNFC("Lu\u0303ng") {
		t.Error("decomposed text passed as NFC")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	accents := []rune{0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B}
	passed := 0
	for range 200_000 {
		rs := make([]rune, 1+rng.IntN(6))
		for i := range rs {
			switch rng.IntN(8) {
			case 0:
				rs[i] = accents[rng.IntN(len(accents))]
			case 1:
				rs[i] = rune(0x1EA0 + rng.IntN(0x5A))
			default:
				rs[i] = rune(rng.IntN(nfcQuickRunes))
			}
		}
		s := string(rs)
		if quickNFC(s) {
			passed++
			if !norm.NFC.IsNormalString(s) {
				t.Fatalf("%+q passed as NFC", s)
			}
		}
	}
	if passed < 10_000 {
		t.Errorf("only %d random texts passed quickly", passed)
	}
}

func TestProvinceOf(t *testing.T) {
	for body, want := range map[string]string{
		"Tỉnh ủy Cao Bằng":               "Cao Bằng",
		"Ban Thường vụ Tỉnh ủy Cao Bằng": "Cao Bằng",
		"Thành ủy Hà Nội":                "Hà Nội",
		"tỉnh uỷ Hà Giang":               "Hà Giang",
		"Ủy ban Kiểm tra Trung ương":     "",
		"":                               "",
	} {
		if got := ProvinceOf(body); got != want {
			t.Errorf("ProvinceOf(%q) = %q, want %q", body, got, want)
		}
	}
}
