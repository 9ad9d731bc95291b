// Package renderer chooses, before the window opens, what draws it: the
// PC's own OpenGL, or, on Windows where that cannot start (old integrated
// graphics, no display driver, a virtual machine, Remote Desktop), Mesa's
// software renderer shipped in the program's mesa folder. A failed OpenGL
// start hangs rather than fails, so the choice is made by a probe in a
// child process with a time limit, and remembered for the PC until what it
// depends on changes (the display adapter, its driver, a remote session,
// the program's version).
package renderer

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// Kind is what draws the window.
type Kind string

const (
	// Hardware is the PC's own OpenGL (its graphics driver).
	Hardware Kind = "hardware"
	// Software is Mesa's software renderer from the mesa folder.
	Software Kind = "software"
)

// Choice is what was chosen and why.
type Choice struct {
	Kind Kind `json:"kind"`
	// Renderer is the OpenGL renderer's own name, as the probe read it
	// ("softpipe", the graphics card's), when known.
	Renderer string `json:"renderer"`
	// Key is what the choice depends on; a choice is reused while the
	// PC's key is the same.
	Key string `json:"key"`
	// Forced: software drawing was asked for (setting or command line).
	Forced bool `json:"-"`
	// ByFlag: asked for at start (-software-gl, as the Start-menu
	// shortcut for software drawing does), not by the setting.
	ByFlag bool `json:"-"`
}

// Settings are what the user set, and the last choice, kept in a file of
// their own outside Fyne's preferences: they are read before Fyne starts.
type Settings struct {
	// ForceSoftware draws in software whatever the PC offers.
	ForceSoftware bool `json:"force_software"`
	// Last is the last choice made by probing.
	Last *Choice `json:"last,omitempty"`
	// Starting is set from the choice to the window's first frame: still
	// set at the next start, the last start never drew its window (it hung
	// or ended), and the remembered choice is probed again.
	Starting bool `json:"starting,omitempty"`
}

// SettingsPath is where the settings are kept: the user's configuration
// folder, giamsat/renderer.json.
func SettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "giamsat", "renderer.json"), nil
}

// LoadSettings reads the settings at path; a missing or unreadable file
// gives the defaults (nothing forced, nothing remembered), never an error
// that stops the program.
func LoadSettings(path string) Settings {
	var s Settings
	raw, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(raw, &s) != nil {
		return Settings{}
	}
	return s
}

// Save writes the settings at path, whole or not at all.
func (s Settings) Save(path string) error {
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Probe tries one kind of drawing in a child process and returns the
// renderer's name, or an error when it cannot start (or hangs).
type Probe func(k Kind) (renderer string, err error)

// ErrNone is returned when nothing can draw the window.
var ErrNone = errors.New("no OpenGL renderer can start on this PC")

// Decide chooses what draws the window: software when forced; else the
// last choice while key is unchanged; else the PC's own OpenGL when the
// probe starts it, else software when Mesa is there and the probe starts
// it. A remembered choice whose start never drew its window (Starting) is
// probed again. The second result tells whether the choice is new (to
// remember).
func Decide(s Settings, forced bool, key string, haveMesa bool, probe Probe) (Choice, bool, error) {
	if forced || s.ForceSoftware {
		if !haveMesa {
			return Choice{}, false, ErrNone
		}
		name := rememberedRenderer(s, key, Software)
		if name == "" {
			name = "softpipe" // what the mesa folder holds (.ci/build-mesa)
		}
		return Choice{Kind: Software, Key: key, Forced: true, ByFlag: forced, Renderer: name}, false, nil
	}
	if s.Last != nil && s.Last.Key == key && !s.Starting && (s.Last.Kind == Hardware || haveMesa && s.Last.Kind == Software) {
		return *s.Last, false, nil
	}
	name, err := probe(Hardware)
	if err == nil {
		return Choice{Kind: Hardware, Renderer: name, Key: key}, true, nil
	}
	if !haveMesa {
		return Choice{}, false, errors.Join(ErrNone, err)
	}
	name, serr := probe(Software)
	if serr != nil {
		return Choice{}, false, errors.Join(ErrNone, err, serr)
	}
	return Choice{Kind: Software, Renderer: name, Key: key}, true, nil
}

func rememberedRenderer(s Settings, key string, k Kind) string {
	if s.Last != nil && s.Last.Key == key && s.Last.Kind == k {
		return s.Last.Renderer
	}
	return ""
}

// current is the choice made at start, for the About box.
var current *Choice

// Current returns what draws the window, or nil where nothing was chosen
// (a platform without the choice: its own OpenGL draws).
func Current() *Choice { return current }

// InSoftware reports whether the window is drawn by softpipe, Mesa's
// software rasteriser that interprets every shader for every pixel: Mesa
// from the mesa folder, or a PC's own OpenGL that is softpipe. The window
// then draws less (app/theme.go). llvmpipe, which compiles the shaders and
// draws on every core, is fast enough to be left as it is.
func InSoftware() bool {
	return current != nil && (current.Kind == Software || softwareRasteriser(current.Renderer))
}

// softwareRasteriser tells softpipe by its OpenGL renderer name.
func softwareRasteriser(name string) bool {
	return strings.Contains(strings.ToLower(name), "softpipe")
}

// SetForceSoftware keeps the setting that forces software drawing, read at
// the next start.
func SetForceSoftware(force bool) error {
	path, err := SettingsPath()
	if err != nil {
		return err
	}
	s := LoadSettings(path)
	s.ForceSoftware = force
	return s.Save(path)
}

// ForcedSoftware reports whether the setting forces software drawing.
func ForcedSoftware() bool {
	path, err := SettingsPath()
	return err == nil && LoadSettings(path).ForceSoftware
}

// Started notes that the window drew its first frame: the choice made at
// this start works (see Settings.Starting).
func Started() {
	if current == nil {
		return
	}
	path, err := SettingsPath()
	if err != nil {
		return
	}
	s := LoadSettings(path)
	if s.Starting {
		s.Starting = false
		s.Save(path)
	}
}
