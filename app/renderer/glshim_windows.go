//go:build windows && cgo

package renderer

/*
#define WIN32_LEAN_AND_MEAN 1
#include <windows.h>

// go-gl (Fyne's OpenGL binding) calls wglGetProcAddress, which would make
// the program import OPENGL32.dll when it starts: Windows would load the
// system's before main runs, and Mesa's could never take its place. This
// pointer stands for that import, so the program imports no OpenGL: the
// first opengl32.dll loaded (Mesa's, by its full path, when chosen; else
// the system's, which GLFW loads by name) answers every call.
static HMODULE giamsatOpenGL;
static PROC (WINAPI *giamsatGetProc)(LPCSTR);

static PROC WINAPI giamsatWglGetProcAddress(LPCSTR name) {
	if (giamsatGetProc == NULL) {
		if (giamsatOpenGL == NULL) {
			giamsatOpenGL = LoadLibraryA("opengl32.dll");
		}
		if (giamsatOpenGL == NULL) {
			return NULL;
		}
		giamsatGetProc = (PROC (WINAPI *)(LPCSTR)) (void *) GetProcAddress(giamsatOpenGL, "wglGetProcAddress");
		if (giamsatGetProc == NULL) {
			return NULL;
		}
	}
	return giamsatGetProc(name);
}

PROC (WINAPI *__imp_wglGetProcAddress)(LPCSTR) = giamsatWglGetProcAddress;
*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/go-gl/gl/v2.1/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// ProbeMain is the child process's work: it opens a hidden window with an
// OpenGL 2.1 context, as Fyne does, prints the renderer and returns the
// exit code (0 when drawing can start).
func ProbeMain(software bool) (code int) {
	runtime.LockOSThread()
	defer func() {
		// GLFW's binding panics on some WGL errors: a probe that fails.
		if r := recover(); r != nil {
			fmt.Println("error:", r)
			code = 1
		}
	}()
	if software {
		exe, err := os.Executable()
		if err != nil {
			fmt.Println("error:", err)
			return 2
		}
		if err := loadMesa(filepath.Join(filepath.Dir(exe), "mesa", "opengl32.dll")); err != nil {
			fmt.Println("error: Mesa:", err)
			return 2
		}
	}
	if err := glfw.Init(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer glfw.Terminate()
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	w, err := glfw.CreateWindow(64, 64, "Giám sát: OpenGL probe", nil, nil)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer w.Destroy()
	w.MakeContextCurrent()
	if err := gl.Init(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Printf("version: %s\n", gl.GoStr(gl.GetString(gl.VERSION)))
	fmt.Printf("renderer: %s\n", gl.GoStr(gl.GetString(gl.RENDERER)))
	return 0
}
