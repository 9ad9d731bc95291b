package earlylocale

import "testing"

func TestNamesLanguage(t *testing.T) {
	for in, want := range map[string]bool{
		"vi_VN.UTF-8": true, "en_US.UTF-8": true, "en": true, "C": true, "POSIX": true,
		"C.UTF-8": false, "C.utf8": false, "": false, "1234": false,
	} {
		if got := namesLanguage(in); got != want {
			t.Errorf("namesLanguage(%q) = %v", in, got)
		}
	}
}
