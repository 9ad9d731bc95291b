package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"github.com/xuri/excelize/v2"
)

// The workbook's zip is written by parallelZip: each part is cut into
// chunks of zipChunk bytes, deflated at the fastest level on every core at
// once, and the chunks, each ended by a sync flush, are joined into one
// deflate stream (as parallel gzip tools do). Saving the largest workbook
// (20,000 visits) took one core most of a second at excelize's default
// level; the file is larger (17.1 MB instead of 12.4; a few hundred visits
// make well under a megabyte either way).
const zipChunk = 1 << 20

// finalBlock ends a deflate stream: an empty final block.
var finalBlock = func() []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	w.Close()
	return b.Bytes()
}()

var (
	rawChunks = sync.Pool{New: func() any { b := make([]byte, 0, zipChunk); return &b }}
	// deflated holds the chunks' output, each a quarter of a chunk to
	// begin with (a sheet's XML deflates to about a fifth), reused from part
	// to part rather than grown again from nothing.
	deflated  = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, zipChunk/4)) }}
	deflaters = sync.Pool{New: func() any { w, _ := flate.NewWriter(io.Discard, flate.BestSpeed); return w }}
)

type parallelZip struct {
	zw  *zip.Writer
	cur *zipPart
	sem chan struct{} // one slot a core: chunks being deflated
}

func newParallelZip(w io.Writer) excelize.ZipWriter {
	return &parallelZip{zw: zip.NewWriter(w), sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

func (z *parallelZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	z.cur = &zipPart{name: name, sem: z.sem}
	return z.cur, nil
}

func (z *parallelZip) AddFS(fsys fs.FS) error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *parallelZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.Close()
}

// finish writes the part being made, once its chunks are deflated.
func (z *parallelZip) finish() error {
	p := z.cur
	if p == nil {
		return nil
	}
	z.cur = nil
	if p.raw != nil && len(*p.raw) > 0 {
		p.dispatch()
	}
	size := uint64(len(finalBlock))
	for _, c := range p.chunks {
		<-c.done
		if c.err != nil {
			return c.err
		}
		size += uint64(c.out.Len())
	}
	w, err := z.zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc,
		CompressedSize64: size, UncompressedSize64: p.size})
	if err != nil {
		return err
	}
	for _, c := range p.chunks {
		if _, err := c.out.WriteTo(w); err != nil {
			return err
		}
		c.out.Reset()
		deflated.Put(c.out)
		c.out = nil
	}
	_, err = w.Write(finalBlock)
	return err
}

// zipPart gathers one part's bytes into chunks and hands each to a
// goroutine that deflates it.
type zipPart struct {
	name   string
	crc    uint32
	size   uint64
	raw    *[]byte
	chunks []*zipChunkOut
	sem    chan struct{}
}

type zipChunkOut struct {
	out  *bytes.Buffer
	err  error
	done chan struct{}
}

func (p *zipPart) Write(b []byte) (int, error) {
	n := len(b)
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(n)
	for len(b) > 0 {
		if p.raw == nil {
			p.raw = rawChunks.Get().(*[]byte)
		}
		buf := *p.raw
		k := copy(buf[len(buf):cap(buf)], b)
		*p.raw = buf[:len(buf)+k]
		b = b[k:]
		if len(*p.raw) == cap(*p.raw) {
			p.dispatch()
		}
	}
	return n, nil
}

// dispatch deflates the chunk gathered so far, ended by a sync flush so
// that the next chunk's output follows on.
func (p *zipPart) dispatch() {
	raw := p.raw
	p.raw = nil
	c := &zipChunkOut{done: make(chan struct{}), out: deflated.Get().(*bytes.Buffer)}
	p.chunks = append(p.chunks, c)
	p.sem <- struct{}{}
	go func() {
		defer close(c.done)
		defer func() { <-p.sem }()
		fw := deflaters.Get().(*flate.Writer)
		fw.Reset(c.out)
		if _, c.err = fw.Write(*raw); c.err == nil {
			c.err = fw.Flush()
		}
		deflaters.Put(fw)
		*raw = (*raw)[:0]
		rawChunks.Put(raw)
	}()
}
