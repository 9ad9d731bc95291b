package report

import (
	"bytes"
	"os"
	"reflect"
	"sync"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// A stream writer buffers a sheet's rows in memory and moves them to a
// temporary file each time 16 MB have gathered; it keeps that buffer (16 to
// 32 MB) until the workbook is saved. With several large sheets those idle
// buffers are most of the heap: under the export's soft memory limit the
// collector then runs several times as often. So the buffer of a finished
// sheet whose rows went to a temporary file is handed to the next sheet
// (bufferPool), rather than kept idle or grown again from nothing.
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

// bufferPool hands the buffer of a finished sheet to the next sheet. A
// stream writer's buffer otherwise grows from nothing to 16-32 MB for every
// large sheet, each doubling a fresh allocation the runtime clears, and
// under the export's soft memory limit the pages of the last one are given
// back to the system and faulted in again: on the generated database that
// was a quarter of the export's time.
type bufferPool struct {
	mu   sync.Mutex
	free []bytes.Buffer
}

// lend gives a new stream writer a buffer left by a finished sheet, if any.
func (p *bufferPool) lend(sw *excelize.StreamWriter) {
	b, spilled := streamBuffer(sw)
	if b == nil || spilled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var lent bytes.Buffer
	if n := len(p.free); n > 0 {
		lent = p.free[n-1]
		p.free = p.free[:n-1]
	} else {
		// None left by a finished sheet: one the size the writer fills
		// before it moves its rows to a file, made once (growing one by
		// doubling allocates and clears four times as much); a small
		// sheet gives it back when it is finished (reclaim).
		lent.Grow(excelize.StreamChunkSize + 1<<20)
	}
	lent.Write(b.Bytes()) // what the writer has put so far: the sheet's start
	*b = lent
}

// reclaim takes back the buffer of a finished stream writer: all of it when
// its rows went to a temporary file; when they are held in memory until
// the workbook is saved, a buffer much larger than they are is swapped for
// one of their size. It reports whether it took one.
func (p *bufferPool) reclaim(sw *excelize.StreamWriter) bool {
	b, spilled := streamBuffer(sw)
	switch {
	case b == nil:
		return false
	case spilled && b.Len() == 0:
	case !spilled && b.Cap() > 2*b.Len()+1<<20:
		kept := *b
		*b = *bytes.NewBuffer(bytes.Clone(kept.Bytes()))
		kept.Reset()
		p.put(kept)
		return true
	default:
		return false
	}
	kept := *b
	*b = bytes.Buffer{}
	kept.Reset()
	p.put(kept)
	return true
}

func (p *bufferPool) put(b bytes.Buffer) {
	if b.Cap() == 0 {
		return
	}
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}
