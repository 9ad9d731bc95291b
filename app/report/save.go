package report

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
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
	f, res, err := build(ctx, store, opts)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".~giamsat-*.xlsx")
	if err != nil {
		return nil, targetError(lang, abs, err)
	}
	tmpName := tmp.Name()
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
	if _, err := f.WriteTo(tmp); err != nil {
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
		return nil, &db.UserError{
			VI:  "Tệp Excel vừa ghi không đúng như dự kiến (" + err.Error() + "); tệp cũ được giữ nguyên.",
			EN:  "The workbook just written is not what was meant (" + err.Error() + "); the old file was kept.",
			Err: errors.Join(ErrVerify, err),
		}
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

// checkTarget refuses, before any work, a target that cannot be replaced.
func checkTarget(path, lang string) error {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return &db.UserError{VI: "Tên tệp phải có đuôi .xlsx: " + path, EN: "The file name must end in .xlsx: " + path, Err: ErrBadTarget}
	}
	if n := len([]rune(path)); n > maxPath {
		return &db.UserError{
			VI:  fmt.Sprintf("Đường dẫn quá dài (%d ký tự, Excel chỉ mở được tối đa %d). Hãy lưu vào thư mục ngắn hơn.", n, maxPath),
			EN:  fmt.Sprintf("The path is too long (%d characters; Excel opens at most %d). Choose a shorter folder.", n, maxPath),
			Err: ErrPathTooLong,
		}
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return &db.UserError{VI: "Thư mục không tồn tại: " + dir, EN: "The folder does not exist: " + dir, Err: ErrBadTarget}
	}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return targetError(lang, path, err)
	}
	if st.IsDir() {
		return &db.UserError{VI: "Đã có một thư mục trùng tên: " + path, EN: "A folder has that name: " + path, Err: ErrBadTarget}
	}
	if st.Mode().Perm()&0o200 == 0 {
		return &db.UserError{
			VI:  "Tệp " + path + " chỉ cho phép đọc nên không ghi đè được. Hãy chọn tên khác hoặc bỏ thuộc tính chỉ đọc.",
			EN:  "The file " + path + " is read-only and cannot be replaced. Choose another name or clear its read-only flag.",
			Err: ErrReadOnly,
		}
	}
	// Excel holds the files it has open locked (on Windows): opening it for
	// writing, without changing it, finds that before any work is done.
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return targetError(lang, path, err)
	}
	return w.Close()
}

// targetError says in the user's words why path could not be written.
func targetError(lang, path string, err error) error {
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno) && isLockErrno(errno):
		return &db.UserError{
			VI:  "Tệp " + path + " đang được mở trong chương trình khác (có thể là Excel). Hãy đóng tệp rồi xuất lại; tệp cũ được giữ nguyên.",
			EN:  "The file " + path + " is open in another program (Excel, perhaps). Close it and export again; the old file was kept.",
			Err: errors.Join(ErrLocked, err),
		}
	case errors.Is(err, syscall.ENOSPC) || (errors.As(err, &errno) && isDiskFullErrno(errno)):
		return &db.UserError{
			VI:  "Ổ đĩa đã đầy, không ghi được tệp Excel. Tệp cũ được giữ nguyên; hãy giải phóng dung lượng rồi xuất lại.",
			EN:  "The disk is full; the workbook could not be written. The old file was kept; free some space and export again.",
			Err: errors.Join(ErrDiskFull, err),
		}
	case errors.Is(err, syscall.ENAMETOOLONG):
		return &db.UserError{VI: "Đường dẫn quá dài: " + path, EN: "The path is too long: " + path, Err: errors.Join(ErrPathTooLong, err)}
	case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS):
		return &db.UserError{
			VI:  "Không có quyền ghi vào " + path + " (thư mục hoặc tệp chỉ đọc). Hãy chọn thư mục khác; tệp cũ được giữ nguyên.",
			EN:  "No permission to write " + path + " (a read-only folder or file). Choose another folder; the old file was kept.",
			Err: errors.Join(ErrReadOnly, err),
		}
	}
	return &db.UserError{
		VI:  "Không ghi được tệp " + path + ": " + err.Error(),
		EN:  "Cannot write " + path + ": " + err.Error(),
		Err: errors.Join(ErrBadTarget, err),
	}
}

// verify reopens the written file and checks the rows of every sheet.
func verify(path string, res *Result) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, sc := range res.Sheets {
		rows, err := f.Rows(sc.Sheet)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if n < sc.Rows+1 {
			return fmt.Errorf("%s: %d rows, want at least %d", sc.Sheet, n, sc.Rows+1)
		}
	}
	return nil
}
