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
package main

import (
	_ "a.giamsat/earlylocale" // first: see its doc

	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	fyneapp "fyne.io/fyne/v2/app"

	"giamsat/app"
	"giamsat/assets"
)

// appID is the ID in FyneApp.toml; preferences and storage hang on it.
const appID = "vn.giamsat.desktop"

func main() {
	var opts app.Options
	flag.StringVar(&opts.DBPath, "db", "", "cơ sở dữ liệu / database file (mặc định / default: "+app.DefaultDBPath()+")")
	flag.BoolVar(&opts.Sample, "sample", false, "nạp dữ liệu mẫu rồi thoát / load the sample data and exit")
	flag.IntVar(&opts.Generate, "generate", 0, "thêm N buổi làm việc giả lập rồi thoát / add N synthetic visits and exit")
	flag.StringVar(&opts.Export, "export", "", "xuất báo cáo Excel ra tệp rồi thoát / export the Excel summary and exit")
	flag.StringVar(&opts.Delegation, "delegation", "", "số hiệu đoàn cần xuất (mặc định: tất cả) / delegation number to export (default: all)")
	flag.StringVar(&opts.Lang, "lang", "", "ngôn ngữ vi hoặc en / language, vi or en")
	flag.StringVar(&opts.Backup, "backup", "", "sao lưu cơ sở dữ liệu ra tệp (đã kiểm tra) rồi thoát / write a checked backup to a file and exit")
	flag.BoolVar(&opts.Check, "check", false, "kiểm tra cơ sở dữ liệu rồi thoát (mã lỗi khác 0 khi hỏng) / check the database and exit (non-zero when damaged)")
	flag.Parse()
	if flag.NArg() > 0 {
		attachConsole()
		fmt.Fprintf(os.Stderr, "Tham số không hợp lệ / unexpected arguments: %v\n", flag.Args())
		os.Exit(2)
	}
	if opts.Headless() {
		attachConsole()
		os.Exit(app.RunHeadless(opts, os.Stdout, os.Stderr))
	}
	app.Preload(opts.DBPath) // read while Fyne and the window start
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Giám sát")
	app.Start(a, w, opts)
	if path := os.Getenv("GIAMSAT_CPUPROFILE"); path != "" { // for app/internal/windowbench
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	w.ShowAndRun()
}
