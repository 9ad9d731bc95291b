package report

import (
	"bytes"
	"os"
	"reflect"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// A stream writer buffers a sheet's rows in memory and moves them to a
// temporary file each time 16 MB have gathered; it keeps that buffer (16 to
// 32 MB) until the workbook is saved. With several large sheets those idle
// buffers are most of the heap: under the export's soft memory limit the
// collector then runs several times as often. So the buffer of a finished
// sheet whose rows went to a temporary file is let go at once.
//
// The buffer is a field excelize does not export: streamBuffer finds it by
// reflection, and the export goes on as excelize alone would if the field
// is not there (a test says so when an update of excelize changes it).

// streamBuffer returns the in-memory buffer of sw, and whether its rows
// went to a temporary file; nil if excelize's fields are not as expected.
func streamBuffer(sw *excelize.StreamWriter) (*bytes.Buffer, bool) {
	raw := reflect.ValueOf(sw).Elem().FieldByName("rawData")
	if !raw.IsValid() {
		return nil, false
	}
	tmp, buf := raw.FieldByName("tmp"), raw.FieldByName("buf")
	if !tmp.IsValid() || !buf.IsValid() || tmp.Type() != reflect.TypeFor[*os.File]() || buf.Type() != reflect.TypeFor[bytes.Buffer]() {
		return nil, false
	}
	spilled := *(**os.File)(unsafe.Pointer(tmp.UnsafeAddr())) != nil
	return (*bytes.Buffer)(unsafe.Pointer(buf.UnsafeAddr())), spilled
}

// releaseBuffer lets go of the empty buffer of a finished stream writer
// whose rows are in its temporary file; it reports whether it did.
func releaseBuffer(sw *excelize.StreamWriter) bool {
	b, spilled := streamBuffer(sw)
	if b == nil || !spilled || b.Len() != 0 {
		return false
	}
	*b = bytes.Buffer{}
	return true
}
