package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"giamsat/assets/text"
	"giamsat/db"

	"github.com/xuri/excelize/v2"
)

// Errors of Export, inside a *db.UserError, for errors.Is.
var (
	ErrLocked      = errors.New("the target file is locked")
	ErrReadOnly    = errors.New("the target is read-only")
	ErrDiskFull    = errors.New("the disk is full")
	ErrPathTooLong = errors.New("the path is too long")
	ErrBadTarget   = errors.New("the target cannot be written")
	ErrVerify      = errors.New("the written workbook does not hold what was meant")
)

// exportMemoryLimit is the soft memory limit during an export.
const exportMemoryLimit = 240 << 20

// maxPath is the longest path Excel opens.
const maxPath = 218

// Export writes the workbook for opts to path safely: into a temporary file
// beside it, synced and closed, checked by reading it back, then renamed over
// path. On any failure the file that was at path is left as it was and no
// partial file remains.
func Export(ctx context.Context, store *db.Store, path string, opts Options) (*Result, error) {
	lang := opts.Lang
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, targetError(lang, path, err)
	}
	if err := checkTarget(abs, lang); err != nil {
		return nil, err
	}
	// Commune PCs are old: a soft limit makes the collector keep the heap of
	// a large export small, at a little cost in time. The limit the process
	// had is restored afterwards.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(exportMemoryLimit))
	f, res, err := build(ctx, store, opts)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	removeLeftovers(filepath.Dir(abs), time.Now())
	tmp, err := os.CreateTemp(filepath.Dir(abs), tempPattern)
	if err != nil {
		return nil, targetError(lang, abs, err)
	}
	tmpName := tmp.Name()
	hide(tmpName)
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	// A temporary file is private; the export gets the mode of the file it
	// replaces, or the usual one.
	mode := os.FileMode(0o644)
	if st, err := os.Stat(abs); err == nil {
		mode = st.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		return nil, targetError(lang, abs, err)
	}
	// The archive goes straight into the file: excelize's WriteTo would
	// first build the whole workbook in memory (tens of MB for a large
	// export, grown by doubling) and then copy it out. (What it would then
	// patch in memory is for a part over 4 GB, which no export comes near.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newParallelZip(tmp) })
	if _, err := f.WriteTo(io.Discard); err != nil {
		return nil, targetError(lang, abs, err)
	}
	if err := tmp.Sync(); err != nil {
		return nil, targetError(lang, abs, err)
	}
	if err := tmp.Close(); err != nil {
		return nil, targetError(lang, abs, err)
	}
	if opts.Progress != nil {
		opts.Progress(0.9)
	}
	if err := verify(tmpName, res); err != nil {
		kept := text.Msg{}
		if _, serr := os.Stat(abs); serr == nil {
			kept = text.F("; the old file was kept")
		}
		return nil, db.Fail(errors.Join(ErrVerify, err), "The workbook just written is not what was meant (%s); it was discarded%s.", err.Error(), kept)
	}
	if err := os.Rename(tmpName, abs); err != nil {
		return nil, targetError(lang, abs, err)
	}
	done = true
	res.Path = abs
	if opts.Progress != nil {
		opts.Progress(1)
	}
	return res, nil
}

// checkTarget refuses, before any work, a workbook's target that cannot
// be replaced.
func checkTarget(path, lang string) error { return CheckTarget(path, ".xlsx") }

// CheckTarget refuses, before any work, a target that cannot be replaced:
// a name without the extension ext, a path too long, a folder that is not
// there, a folder of that name, a read-only or locked file.
func CheckTarget(path, ext string) error {
	if !strings.EqualFold(filepath.Ext(path), ext) {
		return db.Fail(ErrBadTarget, "The file name must end in %s: %s", ext, path)
	}
	if n := len([]rune(path)); n > maxPath {
		return db.Fail(ErrPathTooLong, "The path is too long (%d characters; Excel opens at most %d). Choose a shorter folder.", n, maxPath)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return db.Fail(ErrBadTarget, "The folder does not exist: %s", dir)
	}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return TargetError(path, err)
	}
	if st.IsDir() {
		return db.Fail(ErrBadTarget, "A folder has that name: %s", path)
	}
	if st.Mode().Perm()&0o200 == 0 {
		return db.Fail(ErrReadOnly, "The file %s is read-only and cannot be replaced. Choose another name or clear its read-only flag.", path)
	}
	// Excel holds the files it has open locked (on Windows): opening it for
	// writing, without changing it, finds that before any work is done.
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return TargetError(path, err)
	}
	return w.Close()
}

func targetError(lang, path string, err error) error { return TargetError(path, err) }

// TargetError says in the user's words why path could not be written.
func TargetError(path string, err error) error {
	// "The old file was kept" only when there was one.
	kept, kept2 := text.Msg{}, text.Msg{}
	if st, serr := os.Stat(path); serr == nil && st.Mode().IsRegular() {
		kept, kept2 = text.F("; the old file was kept"), text.F(" The old file was kept;")
	}
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno) && isLockErrno(errno):
		return db.Fail(errors.Join(ErrLocked, err), "The file %s is open in another program (Excel or Word, perhaps). Close it and try again%s.", path, kept)
	case errors.Is(err, syscall.ENOSPC) || (errors.As(err, &errno) && isDiskFullErrno(errno)):
		return db.Fail(errors.Join(ErrDiskFull, err), "The disk is full; the file could not be written.%s Free some space and try again.", kept2)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return db.Fail(errors.Join(ErrPathTooLong, err), "The path is too long: %s", path)
	case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS):
		return db.Fail(errors.Join(ErrReadOnly, err), "No permission to write %s (a read-only folder or file). Choose another folder%s.", path, kept)
	}
	return db.Fail(errors.Join(ErrBadTarget, err), "Cannot write %s: %s", path, err.Error())
}

// verify reads the written file back as a reader would: every part of the
// zip is read through (which checks its CRC), the workbook must name each
// sheet, and each sheet must hold at least its header and data rows.
func verify(path string, res *Result) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML(parts["xl/workbook.xml"], &book); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if err := readXML(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return fmt.Errorf("workbook relations: %w", err)
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		target[r.ID] = "xl/" + strings.TrimPrefix(r.Target, "/xl/")
	}
	sheetPart := map[string]string{}
	for _, s := range book.Sheets {
		sheetPart[s.Name] = target[s.RID]
	}
	// The parts are read on all cores: the sheets are most of the bytes.
	counts := make([]int, len(zr.File))
	errs := make([]error, len(zr.File))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				counts[i], errs[i] = countRows(zr.File[i])
			}
		}()
	}
	for i := range zr.File {
		next <- i
	}
	close(next)
	wg.Wait()
	rowsIn := map[string]int{}
	for i, f := range zr.File {
		if errs[i] != nil {
			return fmt.Errorf("%s: %w", f.Name, errs[i])
		}
		rowsIn[f.Name] = counts[i]
	}
	for _, sc := range res.Sheets {
		part, ok := sheetPart[sc.Sheet]
		if !ok || parts[part] == nil {
			return fmt.Errorf("sheet %s is missing", sc.Sheet)
		}
		if n := rowsIn[part]; n < sc.Rows+1 {
			return fmt.Errorf("%s: %d rows, want at least %d", sc.Sheet, n, sc.Rows+1)
		}
	}
	return nil
}

func readXML(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// countRows reads a part through and counts its "<row " elements.
func countRows(f *zip.File) (int, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	marker := []byte("<row ")
	buf := make([]byte, 256<<10)
	carry := 0
	n := 0
	for {
		k, err := rc.Read(buf[carry:])
		chunk := buf[:carry+k]
		n += bytes.Count(chunk, marker)
		// Keep the tail that could hold the start of a marker.
		keep := min(len(marker)-1, len(chunk))
		if i := bytes.LastIndexByte(chunk[len(chunk)-keep:], '<'); i >= 0 {
			tail := chunk[len(chunk)-keep+i:]
			carry = copy(buf, tail)
		} else {
			carry = 0
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
