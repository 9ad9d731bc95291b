// Command giamsat records the supervision visits of a Provincial Party
// Committee's delegation to communes and exports them as Excel summaries.
//
//	giamsat                          opens the window on the default database
//	giamsat -db PATH                 opens the window on another database
//	giamsat -db PATH -sample         loads the worked example and exits
//	giamsat -db PATH -generate N     adds N synthetic visits and exits
//	giamsat -db PATH -export F.xlsx  writes the Excel summary and exits
//	giamsat -db PATH -backup F.db    writes a checked backup and exits
//	giamsat -db PATH -check          checks the database (exit 1 when damaged)
//	giamsat -db PATH -export-package F.giamsat [-delegation N] [-commune NAME] [-passphrase-file F]
//	                                 makes an exchange package for another PC
//	giamsat -db PATH -import F.giamsat [-dry-run] [-passphrase-file F]
//	                                 receives one (exit 1 when it is refused)
//	giamsat -server-init URL [-server-cert F]
//	                                 sets up the province's server
//	giamsat -server-user NAME -role commune|delegation|province [-commune NAME] [-delegation N]
//	        -password-file F -server URL [-server-cert F]
//	                                 adds a user to it
//	giamsat -db PATH -sync URL [-user NAME -password-file F] [-server-cert F] [-conflicts newer|mine|theirs]
//	                                 syncs the database with it (-sync -server URL too)
package main

import (
	_ "a.giamsat/earlylocale" // first: see its doc

	_ "embed"
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	fyneapp "fyne.io/fyne/v2/app"

	"giamsat/app"
	"giamsat/app/renderer"
	"giamsat/assets"
	"giamsat/assets/text"
)

// appID is the ID in FyneApp.toml; preferences and storage hang on it.
const appID = "vn.giamsat.desktop"

//go:embed FyneApp.toml
var fyneAppToml string

// version is FyneApp.toml's Version, which packages carry in their manifest.
func version() string {
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]*)"`).FindStringSubmatch(fyneAppToml); m != nil {
		return m[1]
	}
	return "dev"
}

// memoryLimit is the heap the program tries to keep within (GOMEMLIMIT
// overrides it): old PCs have little memory, and a large data package would
// otherwise let the heap grow to twice what it holds before collecting.
const memoryLimit = 200 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	var opts app.Options
	flag.StringVar(&opts.DBPath, "db", "", "cơ sở dữ liệu / database file (mặc định / default: "+app.DefaultDBPath()+")")
	flag.BoolVar(&opts.Sample, "sample", false, "nạp dữ liệu mẫu rồi thoát / load the sample data and exit")
	flag.IntVar(&opts.Generate, "generate", 0, "thêm N buổi làm việc giả lập rồi thoát / add N synthetic visits and exit")
	flag.StringVar(&opts.Export, "export", "", "xuất báo cáo Excel ra tệp rồi thoát / export the Excel summary and exit")
	flag.StringVar(&opts.Report, "report", "", "soạn báo cáo kết quả giám sát (Word .docx) của đoàn (-delegation) rồi thoát / draft the delegation's report (Word .docx) and exit")
	flag.StringVar(&opts.Notice, "notice", "", "soạn thông báo kết luận giám sát (Word .docx) của đoàn (-delegation) tại xã (-commune) rồi thoát / draft the notice of conclusions (Word .docx) of the delegation's visit to a commune (-commune) and exit")
	flag.StringVar(&opts.Visited, "visited", "", "với -notice, khi đoàn làm việc với xã nhiều lần: ngày làm việc, dd/mm/yyyy / with -notice, when the delegation visited the commune more than once: the visit's date")
	flag.StringVar(&opts.Delegation, "delegation", "", "đoàn cần xuất: 03, 03/2026 (số và năm) hoặc mã của đoàn (mặc định: tất cả) / the delegation: 03, 03/2026 (number and year) or its key (default: all)")
	flag.StringVar(&opts.Date, "date", "", "ngày ký báo cáo, dd/mm/yyyy (mặc định: hôm nay) / the signing date, dd/mm/yyyy (default: today)")
	flag.StringVar(&opts.Lang, "lang", "", "ngôn ngữ vi hoặc en / language, vi or en")
	flag.StringVar(&opts.Backup, "backup", "", "sao lưu cơ sở dữ liệu ra tệp (đã kiểm tra) rồi thoát / write a checked backup to a file and exit")
	flag.BoolVar(&opts.Check, "check", false, "kiểm tra cơ sở dữ liệu rồi thoát (mã lỗi khác 0 khi hỏng) / check the database and exit (non-zero when damaged)")
	flag.StringVar(&opts.ExportPackage, "export-package", "", "tạo gói dữ liệu .giamsat để gửi sang máy khác rồi thoát / make a .giamsat exchange package and exit")
	flag.StringVar(&opts.Commune, "commune", "", "chỉ dữ liệu của xã này (theo tên) / only this commune's records (by name)")
	flag.StringVar(&opts.Recipient, "recipient", "", "gói dữ liệu gửi cho ai / whom the package is for")
	flag.BoolVar(&opts.ChangesOnly, "changes-only", false, "chỉ những gì thay đổi từ gói gửi lần trước cho người nhận (-recipient) / only what changed since the last package for -recipient")
	flag.StringVar(&opts.Import, "import", "", "nhận gói dữ liệu .giamsat rồi thoát (mã lỗi khác 0 khi bị từ chối) / receive a .giamsat package and exit (non-zero when refused)")
	flag.BoolVar(&opts.DryRun, "dry-run", false, "với -import: chỉ cho biết sẽ thay đổi gì, không ghi / with -import: say what would change, write nothing")
	flag.StringVar(&opts.Conflicts, "conflicts", "newer", "với -import, khi cả hai bên cùng sửa: newer (bản mới hơn), mine (bản của máy này), theirs (bản nhận được) / with -import, when both sides changed a record: newer, mine or theirs")
	flag.StringVar(&opts.PassphraseFile, "passphrase-file", "", "tệp chứa mật khẩu của gói dữ liệu (dòng đầu) / file holding the package's passphrase (first line)")
	flag.StringVar(&opts.ServerInit, "server-init", "", "thiết lập máy chủ PostgreSQL của tỉnh tại URL rồi thoát / set up the province's PostgreSQL server at URL and exit")
	flag.StringVar(&opts.ServerUser, "server-user", "", "thêm người dùng vào máy chủ (-role, -server, -password-file) rồi thoát / add a user to the server (-role, -server, -password-file) and exit")
	flag.StringVar(&opts.Role, "role", "", "với -server-user: commune (xã, kèm -commune), delegation (đoàn, kèm -delegation) hoặc province (tỉnh) / with -server-user: commune (with -commune), delegation (with -delegation) or province")
	flag.StringVar(&opts.Server, "server", "", "URL của máy chủ / the server's URL")
	flag.StringVar(&opts.ServerCert, "server-cert", "", "chứng chỉ của tỉnh (PEM) để kiểm tra máy chủ / the province's certificate (PEM) the server's is checked against")
	flag.StringVar(&opts.PasswordFile, "password-file", "", "tệp chứa mật khẩu (dòng đầu): với -server-user của người dùng mới, với -sync của người đồng bộ / file holding a password (first line): with -server-user the new user's, with -sync the user's own")
	flag.Var(syncFlag{&opts}, "sync", "đồng bộ cơ sở dữ liệu với máy chủ tại URL (-sync URL, hoặc -sync -server URL) rồi thoát / sync the database with the server at URL (-sync URL, or -sync -server URL) and exit")
	flag.StringVar(&opts.User, "user", "", "với -sync: tên người dùng trên máy chủ (thay cho tên trong URL) / with -sync: the user on the server (instead of the URL's)")
	softwareGL := flag.Bool("software-gl", false, "vẽ cửa sổ bằng phần mềm (Mesa, trên Windows) / draw the window in software (Mesa, on Windows)")
	probeGL := flag.Bool("probe-gl", false, "thử khởi động OpenGL rồi thoát (chương trình tự dùng khi khởi động) / try starting OpenGL and exit (the program's own check at start)")
	flag.Parse()
	if *probeGL {
		attachConsole()
		os.Exit(renderer.ProbeMain(*softwareGL))
	}
	opts.ProgramVersion = version()
	if err := syncURLFirst(flag.CommandLine, &opts); err != nil {
		os.Exit(2)
	}
	if flag.NArg() > 0 {
		attachConsole()
		fmt.Fprintf(os.Stderr, "Tham số không hợp lệ / unexpected arguments: %v\n", flag.Args())
		os.Exit(2)
	}
	if msg := flagProblem(flag.CommandLine); msg != "" {
		attachConsole()
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(2)
	}
	if opts.Headless() {
		attachConsole()
		os.Exit(app.RunHeadless(opts, os.Stdout, os.Stderr))
	}
	renderer.Start(*softwareGL) // before Fyne: what draws the window
	app.Preload(opts.DBPath)    // read while Fyne and the window start
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Giám sát")
	go func() {
		// Run by the window's loop once it is drawing: the choice works.
		time.Sleep(3 * time.Second)
		fyne.Do(renderer.Started)
	}()
	app.Start(a, w, opts)
	if path := os.Getenv("GIAMSAT_CPUPROFILE"); path != "" { // for app/internal/windowbench
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	w.ShowAndRun()
}

// syncFlag is -sync: alone (-sync -server URL), or -sync=URL; -sync URL
// is read after the flags (see main).
type syncFlag struct{ o *app.Options }

func (f syncFlag) String() string {
	if f.o == nil || !f.o.Sync {
		return "false"
	}
	return "true"
}

func (f syncFlag) Set(s string) error {
	switch {
	case s == "true":
		f.o.Sync = true
	case s == "false":
		f.o.Sync = false
	case isServerURL(s):
		f.o.Sync, f.o.Server = true, s
	default:
		return fmt.Errorf("-sync: %q is no server's URL (postgres://…)", s)
	}
	return nil
}

func (syncFlag) IsBoolFlag() bool { return true }

// syncURLFirst takes, after -sync, a server's URL given as the argument
// that follows it (-sync URL), and then the flags after that.
func syncURLFirst(set *flag.FlagSet, o *app.Options) error {
	if o.Sync && set.NArg() > 0 && isServerURL(set.Arg(0)) && o.Server == "" {
		o.Server = set.Arg(0)
		return set.Parse(set.Args()[1:])
	}
	return nil
}

// isServerURL reports whether s names a PostgreSQL server.
func isServerURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// flagProblem says, in the language of -lang (in both when it names
// none it speaks), what is wrong with the flags given
// that parsing lets through: a file flag given an empty name (which would
// otherwise open the window), a language the program does not speak.
func flagProblem(set *flag.FlagSet) string {
	files := map[string]bool{"export": true, "report": true, "notice": true, "backup": true, "export-package": true, "import": true, "db": true,
		"server-init": true, "server-user": true, "password-file": true, "server-cert": true}
	lang := ""
	if f := set.Lookup("lang"); f != nil {
		lang = strings.TrimSpace(f.Value.String())
	}
	msg := ""
	set.Visit(func(f *flag.Flag) {
		value := strings.TrimSpace(f.Value.String())
		switch {
		case msg != "":
		case files[f.Name] && value == "" && (lang == "vi" || lang == "en"):
			msg = text.F("Error: -%s needs a file name", f.Name).In(lang)
		case files[f.Name] && value == "":
			msg = fmt.Sprintf("Lỗi: -%[1]s cần tên tệp / Error: -%[1]s needs a file name", f.Name)
		case f.Name == "lang" && value != "vi" && value != "en":
			msg = fmt.Sprintf("Lỗi: -lang là vi hoặc en, không phải %[1]q / Error: -lang is vi or en, not %[1]q", value)
		}
	})
	return msg
}
