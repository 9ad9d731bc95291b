package renderer

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// probeOf answers probes as a PC would: each kind starts or not; it counts
// the probes run.
type probeOf struct {
	hardware, software bool
	runs               []Kind
}

func (p *probeOf) probe(k Kind) (string, error) {
	p.runs = append(p.runs, k)
	if k == Hardware && p.hardware {
		return "Intel HD Graphics", nil
	}
	if k == Software && p.software {
		return "softpipe", nil
	}
	return "", errors.New("WGL: the driver does not appear to support OpenGL")
}

func TestDecide(t *testing.T) {
	for _, c := range []struct {
		name             string
		settings         Settings
		forced, haveMesa bool
		pc               probeOf
		want             Kind
		fresh            bool
		probes           int
		err              bool
	}{
		{name: "a good driver", haveMesa: true, pc: probeOf{hardware: true, software: true}, want: Hardware, fresh: true, probes: 1},
		{name: "no OpenGL 2.1: Mesa", haveMesa: true, pc: probeOf{software: true}, want: Software, fresh: true, probes: 2},
		{name: "nothing starts", haveMesa: true, pc: probeOf{}, err: true, probes: 2},
		{name: "no OpenGL and no Mesa", pc: probeOf{software: true}, err: true, probes: 1},
		{name: "forced on the command line", forced: true, haveMesa: true, pc: probeOf{hardware: true}, want: Software},
		{name: "forced by the setting", settings: Settings{ForceSoftware: true}, haveMesa: true, want: Software},
		{name: "forced without Mesa", forced: true, err: true},
		{name: "remembered for this PC", settings: Settings{Last: &Choice{Kind: Software, Key: "pc"}}, haveMesa: true, want: Software},
		{name: "decided again for a new driver", settings: Settings{Last: &Choice{Kind: Software, Key: "old driver"}},
			haveMesa: true, pc: probeOf{hardware: true}, want: Hardware, fresh: true, probes: 1},
		{name: "remembered, but that start never drew its window", settings: Settings{Last: &Choice{Kind: Hardware, Key: "pc"}, Starting: true},
			haveMesa: true, pc: probeOf{software: true}, want: Software, fresh: true, probes: 2},
		{name: "remembered Mesa gone: decided again", settings: Settings{Last: &Choice{Kind: Software, Key: "pc"}},
			pc: probeOf{hardware: true}, want: Hardware, fresh: true, probes: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, fresh, err := Decide(c.settings, c.forced, "pc", c.haveMesa, c.pc.probe)
			if c.err {
				if !errors.Is(err, ErrNone) {
					t.Fatalf("got %+v, %v; want ErrNone", got, err)
				}
			} else if err != nil || got.Kind != c.want || fresh != c.fresh || got.Key != "pc" {
				t.Fatalf("got %+v fresh %v, %v; want %s fresh %v", got, fresh, err, c.want, c.fresh)
			}
			// Forced, the About box names the renderer and says who asked.
			if got.Forced && (got.Renderer != "softpipe" || got.ByFlag != c.forced) {
				t.Errorf("forced: renderer %q, by the flag %v; want softpipe, %v", got.Renderer, got.ByFlag, c.forced)
			}
			if len(c.pc.runs) != c.probes {
				t.Errorf("%d probes run (%v), want %d", len(c.pc.runs), c.pc.runs, c.probes)
			}
		})
	}
}

// The settings survive a save and a load; a damaged file reads as the
// defaults.
func TestSettingsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "giamsat", "renderer.json")
	if s := LoadSettings(path); s.ForceSoftware || s.Last != nil {
		t.Fatalf("no file: %+v", s)
	}
	want := Settings{ForceSoftware: true, Last: &Choice{Kind: Software, Renderer: "softpipe", Key: "k"}}
	if err := want.Save(path); err != nil {
		t.Fatal(err)
	}
	got := LoadSettings(path)
	if !got.ForceSoftware || got.Last == nil || *got.Last != *want.Last {
		t.Fatalf("read back %+v", got)
	}
	if err := writeFile(path, "{broken"); err != nil {
		t.Fatal(err)
	}
	if s := LoadSettings(path); s.ForceSoftware || s.Last != nil {
		t.Fatalf("damaged file: %+v", s)
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

// The window draws less (app/theme.go) under softpipe: Mesa from the mesa
// folder, or a PC's own OpenGL that is softpipe; not under llvmpipe.
func TestInSoftware(t *testing.T) {
	defer func(c *Choice) { current = c }(current)
	for _, c := range []struct {
		choice *Choice
		want   bool
	}{
		{nil, false},
		{&Choice{Kind: Software, Renderer: "softpipe"}, true},
		{&Choice{Kind: Software, Forced: true}, true},
		{&Choice{Kind: Hardware, Renderer: "Intel(R) HD Graphics 4000"}, false},
		{&Choice{Kind: Hardware, Renderer: "llvmpipe (LLVM 15.0.6, 256 bits)"}, false},
		{&Choice{Kind: Hardware, Renderer: "Gallium 0.4 on SoftPipe"}, true},
	} {
		current = c.choice
		if got := InSoftware(); got != c.want {
			t.Errorf("%+v: InSoftware() = %v, want %v", c.choice, got, c.want)
		}
	}
}
