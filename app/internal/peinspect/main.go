// Command peinspect checks a Windows build of Giám sát: that it is an x86-64
// PE with the GUI subsystem (no console window) and carries an icon, version
// information and a manifest, and imports no OpenGL (app/renderer chooses
// which opengl32.dll draws). It prints what it found and exits non-zero
// when something is missing.
//
//	go run ./app/internal/peinspect dist/giamsat.exe [dist/giamsat-setup.exe ...]
package main

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Resource types (winuser.h).
var wanted = map[uint32]string{3: "icon", 14: "icon group", 16: "version", 24: "manifest"}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peinspect FILE.exe ...")
		os.Exit(2)
	}
	failed := false
	for _, path := range os.Args[1:] {
		if err := inspect(path); err != nil {
			fmt.Printf("%s: %v\n", path, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func inspect(path string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var subsystem uint16
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		subsystem = h.Subsystem
	case *pe.OptionalHeader32:
		subsystem = h.Subsystem
	}
	var problems []error
	machine := map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "x86-64", pe.IMAGE_FILE_MACHINE_I386: "x86"}[f.Machine]
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		problems = append(problems, fmt.Errorf("machine %#x, want x86-64", f.Machine))
	}
	if subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		problems = append(problems, fmt.Errorf("subsystem %d, want the GUI subsystem (2)", subsystem))
	}
	types, err := resourceTypes(f)
	if err != nil {
		problems = append(problems, err)
	}
	found := map[string]bool{}
	for _, t := range types {
		if name, ok := wanted[t]; ok {
			found[name] = true
		}
	}
	for _, name := range []string{"icon", "icon group", "version", "manifest"} {
		if !found[name] {
			problems = append(problems, fmt.Errorf("no %s resource", name))
		}
	}
	// No OpenGL imported: Windows would load the system's opengl32.dll
	// before main runs, and Mesa's could not draw where it cannot.
	// (debug/pe lists imported symbols as "name:DLL"; its
	// ImportedLibraries is empty.)
	syms, err := f.ImportedSymbols()
	if err != nil {
		problems = append(problems, err)
	}
	seen := map[string]bool{}
	var libs []string
	for _, sym := range syms {
		_, lib, _ := strings.Cut(sym, ":")
		if lib = strings.ToLower(lib); lib != "" && !seen[lib] {
			seen[lib] = true
			libs = append(libs, lib)
		}
	}
	if seen["opengl32.dll"] {
		problems = append(problems, errors.New("imports OPENGL32.dll: the system's OpenGL would load before the program could choose Mesa's"))
	}
	fmt.Printf("%s: PE %s, subsystem %d (GUI=2), resources %v, imports %v\n", path, machine, subsystem, found, libs)
	return errors.Join(problems...)
}

// resourceTypes lists the types at the root of the resource directory.
func resourceTypes(f *pe.File) ([]uint32, error) {
	s := f.Section(".rsrc")
	if s == nil {
		return nil, errors.New("no resource section")
	}
	data, err := s.Data()
	if err != nil {
		return nil, err
	}
	if len(data) < 16 {
		return nil, errors.New("resource section too short")
	}
	named := int(binary.LittleEndian.Uint16(data[12:14]))
	ids := int(binary.LittleEndian.Uint16(data[14:16]))
	var types []uint32
	for i := 0; i < named+ids; i++ {
		off := 16 + 8*i
		if off+8 > len(data) {
			return nil, errors.New("resource directory truncated")
		}
		id := binary.LittleEndian.Uint32(data[off : off+4])
		if id&0x80000000 == 0 {
			types = append(types, id)
		}
	}
	return types, nil
}
