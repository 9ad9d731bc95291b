//go:build windows

package renderer

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// probeTime is how long a probe may take: a failed OpenGL start hangs.
const probeTime = 20 * time.Second

// Start chooses what draws the window before Fyne starts, loads Mesa when
// it is chosen, and notes the choice in the renderer log; force is the
// command line's -software-gl. When nothing can draw, it says so in a
// message box and the program ends.
func Start(force bool) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	mesa := filepath.Join(filepath.Dir(exe), "mesa", "opengl32.dll")
	_, statErr := os.Stat(mesa)
	haveMesa := statErr == nil
	path, perr := SettingsPath()
	var s Settings
	if perr == nil {
		s = LoadSettings(path)
	}
	key := pcKey(exe)
	probe := func(k Kind) (string, error) { return runProbe(exe, k) }
	c, fresh, err := Decide(s, force, key, haveMesa, probe)
	if err != nil {
		writeLog(fmt.Sprintf("no renderer: %v", err))
		noRenderer(haveMesa)
		os.Exit(3)
	}
	if c.Kind == Software {
		if err := loadMesa(mesa); err != nil {
			writeLog(fmt.Sprintf("software drawing chosen, Mesa not loaded: %v", err))
			noRenderer(false)
			os.Exit(3)
		}
	}
	if perr == nil && !c.Forced {
		if fresh {
			s.Last = &c
		}
		s.Starting = true // until the window's first frame (Started)
		if err := s.Save(path); err != nil {
			log.Printf("renderer: the choice is not remembered: %v", err)
		}
	}
	current = &c
	how := "probed"
	switch {
	case c.Forced:
		how = "forced"
	case !fresh:
		how = "remembered"
	}
	writeLog(fmt.Sprintf("renderer: %s (%s), %s; opengl32: %s", c.Kind, c.Renderer, how, loadedOpenGL()))
}

// loadMesa loads Mesa's opengl32.dll by its full path, its own DLLs
// (libgallium_wgl, libglapi, zlib1) found beside it: from then on every
// load of "opengl32.dll" by name gets it.
func loadMesa(path string) error {
	_, err := windows.LoadLibraryEx(path, 0, windows.LOAD_WITH_ALTERED_SEARCH_PATH)
	return err
}

// loadedOpenGL is the file of the opengl32.dll loaded, or "none yet".
func loadedOpenGL() string {
	var h windows.Handle
	const unchanged = 0x2 // GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT
	if err := windows.GetModuleHandleEx(unchanged, windows.StringToUTF16Ptr("opengl32.dll"), &h); err != nil || h == 0 {
		return "none yet (the system's will load)"
	}
	var buf [windows.MAX_PATH]uint16
	n, err := windows.GetModuleFileName(h, &buf[0], uint32(len(buf)))
	if err != nil {
		return "?"
	}
	return windows.UTF16ToString(buf[:n])
}

// runProbe starts this program with -probe-gl (and -software-gl for Mesa)
// and reads the renderer it reports; a probe that does not end in time is
// killed.
func runProbe(exe string, k Kind) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTime)
	defer cancel()
	args := []string{"-probe-gl"}
	if k == Software {
		args = append(args, "-software-gl")
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true}
	err := cmd.Run()
	text := strings.TrimSpace(out.String())
	writeLog(fmt.Sprintf("probe %s: %v: %s", k, err, said(text)))
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s OpenGL did not start within %v", k, probeTime)
	}
	if err != nil {
		return "", fmt.Errorf("%s OpenGL: %v: %s", k, err, said(text))
	}
	for _, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "renderer: "); ok {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s OpenGL: the probe said nothing", k)
}

// said is what a probe said of itself: its error or renderer line, else
// its last line.
func said(out string) string {
	lines := strings.Split(out, "\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "error:") || strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "renderer:") {
			return l
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// pcKey names what the choice depends on: the display adapter and its
// driver, whether this is a Remote Desktop session, and the program file.
func pcKey(exe string) string {
	var parts []string
	user32 := windows.NewLazySystemDLL("user32.dll")
	enum := user32.NewProc("EnumDisplayDevicesW")
	type displayDevice struct {
		cb           uint32
		DeviceName   [32]uint16
		DeviceString [128]uint16
		StateFlags   uint32
		DeviceID     [128]uint16
		DeviceKey    [128]uint16
	}
	const primary = 0x4
	for i := uint32(0); i < 16; i++ {
		var d displayDevice
		d.cb = uint32(unsafe.Sizeof(d))
		if r, _, _ := enum.Call(0, uintptr(i), uintptr(unsafe.Pointer(&d)), 0); r == 0 {
			break
		}
		if d.StateFlags&primary == 0 {
			continue
		}
		parts = append(parts, windows.UTF16ToString(d.DeviceString[:]), windows.UTF16ToString(d.DeviceID[:]),
			driverVersion(windows.UTF16ToString(d.DeviceKey[:])))
		break
	}
	const smRemoteSession = 0x1000
	if r, _, _ := user32.NewProc("GetSystemMetrics").Call(smRemoteSession); r != 0 {
		parts = append(parts, "remote")
	} else {
		parts = append(parts, "console")
	}
	if info, err := os.Stat(exe); err == nil {
		parts = append(parts, fmt.Sprint(info.Size(), "@", info.ModTime().Unix()))
	}
	return strings.Join(parts, "|")
}

// driverVersion reads the display driver's version from the adapter's
// registry key (\Registry\Machine\...), or "".
func driverVersion(deviceKey string) string {
	sub, ok := strings.CutPrefix(strings.ToLower(deviceKey), `\registry\machine\`)
	if !ok {
		return ""
	}
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, sub, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	v, _, err := k.GetStringValue("DriverVersion")
	if err != nil {
		return ""
	}
	return v
}

// writeLog notes a line in the renderer log (giamsat/renderer.log beside
// the settings), which holds the last start's lines, and on stderr.
func writeLog(line string) {
	log.Print(line)
	path, err := SettingsPath()
	if err != nil {
		return
	}
	logPath := filepath.Join(filepath.Dir(path), "renderer.log")
	os.MkdirAll(filepath.Dir(logPath), 0o755)
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if !logStarted {
		flags |= os.O_TRUNC
		logStarted = true
	}
	f, err := os.OpenFile(logPath, flags, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s %s\n", time.Now().Format(time.RFC3339), line)
}

var logStarted bool

// noRenderer tells the user, in a message box in both languages (Fyne's
// language setting cannot be read yet), that the window cannot be drawn and
// what to do.
func noRenderer(haveMesa bool) {
	vi := "Máy tính này không vẽ được cửa sổ của chương trình: trình điều khiển card đồ họa không hỗ trợ OpenGL 2.1"
	en := "This PC cannot draw the program's window: its graphics driver does not offer OpenGL 2.1"
	if !haveMesa {
		vi += ", và thư mục mesa (vẽ bằng phần mềm) không có bên cạnh chương trình. Hãy cài lại Giám sát từ bộ cài đặt"
		en += ", and the mesa folder (software drawing) is missing beside the program. Reinstall Giám sát from its installer"
	} else {
		vi += ", và cách vẽ bằng phần mềm (thư mục mesa) cũng không khởi động được. Hãy"
		en += ", and software drawing (the mesa folder) does not start either. Please"
	}
	vi += " cài trình điều khiển card đồ họa của hãng sản xuất máy. Các lệnh không cần cửa sổ (-export, -import, -backup...) vẫn dùng được."
	en += " install the graphics driver of the PC's maker. The commands without a window (-export, -import, -backup, ...) still work."
	windows.MessageBox(0, windows.StringToUTF16Ptr(vi+"\n\n"+en), windows.StringToUTF16Ptr("Giám sát"), windows.MB_OK|windows.MB_ICONERROR)
}

// Available reports whether software drawing can be chosen: Mesa is in the
// program's mesa folder.
func Available() bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(filepath.Dir(exe), "mesa", "opengl32.dll"))
	return err == nil
}
