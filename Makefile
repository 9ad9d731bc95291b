# Giám sát: build, run and test.
GO      ?= go
TAGS    := migrated_fynedo
BIN     := giamsat
DB      ?=

# The C packages the GUI needs on Debian/Ubuntu (X11 and OpenGL headers).
GUI_DEBS := libgl1-mesa-dev xorg-dev

.PHONY: run build test bench deps-gui vet fmt-check windows-check clean

## run: build the program and open its window (installs the C build packages first on Debian/Ubuntu)
run: build
	./$(BIN) $(if $(DB),-db $(DB))

## build: build the GUI program (needs cgo and the X11/GL headers)
build: deps-gui
	$(GO) build -tags $(TAGS) -o $(BIN) .

## test: every test, headless; needs nothing but Go
test:
	CGO_ENABLED=0 $(GO) test -tags ci ./...

## bench: the benchmarks whose figures are in docs/benchmarks.md
bench:
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchtime 5x ./...

vet:
	CGO_ENABLED=0 $(GO) vet -tags ci ./...

## windows-check: every package and test binary compiles for Windows (no cgo needed)
windows-check:
	GOOS=windows CGO_ENABLED=0 $(GO) vet -tags ci ./...
	@d=$$(mktemp -d) && GOOS=windows CGO_ENABLED=0 $(GO) test -tags ci -c -o $$d/ ./... >/dev/null && ls $$d && rm -rf $$d

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## deps-gui: install the X11/GL headers on Debian/Ubuntu when they are missing
deps-gui:
	@if command -v dpkg >/dev/null 2>&1 && ! dpkg -s $(GUI_DEBS) >/dev/null 2>&1; then \
		echo "Installing $(GUI_DEBS)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(GUI_DEBS); \
	fi

clean:
	rm -rf $(BIN) dist
