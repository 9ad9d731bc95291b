package db

import (
	"strings"
	"testing"
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
