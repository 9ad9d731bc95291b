# Giám sát: build, run and test.
GO      ?= go
TAGS    := migrated_fynedo
BIN     := giamsat
DB      ?=

# The C packages the GUI needs on Debian/Ubuntu (X11 and OpenGL headers).
GUI_DEBS := libgl1-mesa-dev xorg-dev

# staticcheck, pinned: installed once from the Go module proxy into a cache
# outside the clone (built for this machine, then run for Linux and Windows).
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(HOME)/.cache/giamsat/tools/staticcheck-$(STATICCHECK_VERSION)/staticcheck

.PHONY: help quick lint run build test test-server race recalc fuzz gui-smoke window-bench window-bench-wine bench bench-server deps-gui vet fmt-check windows-check windows deps-windows windows-smoke clean

## help: what each target does
help:
	@grep -E '^## [a-z-]+:' $(MAKEFILE_LIST) | sed -e 's/^## //' -e 's/: /\t/' | awk -F'\t' '{ printf "  %-18s %s\n", $$1, $$2 }'

## run: build the program and open its window (installs the C build packages first on Debian/Ubuntu)
run: build
	./$(BIN) $(if $(DB),-db $(DB))

## build: build the GUI program (needs cgo and the X11/GL headers)
build: deps-gui
	$(GO) build -tags $(TAGS) -o $(BIN) .

## test: every test, headless; needs nothing but Go
test:
	CGO_ENABLED=0 $(GO) test -tags ci ./...
	cd internal/earlylocale && CGO_ENABLED=0 $(GO) test ./...

## test-server: the tests against a real PostgreSQL (the province server; installs Debian's postgresql when missing)
test-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
	CGO_ENABLED=0 $(GO) test -tags 'ci server' ./db/server/... ./app/serversync
	CGO_ENABLED=0 $(GO) test -tags 'ci server' ./app/exchange -run '^TestManyPCsWithAServer$$' -server-seeds $(SERVER_SEEDS)
	CGO_ENABLED=0 $(GO) test -tags 'ci server' -run 'Server' ./app

## SERVER_SEEDS: how many seeds of the model of many PCs with a server among them make test-server runs
## (replay one: go test -tags 'ci server' ./app/exchange -run WithAServer -seed N -v)
SERVER_SEEDS ?= 150

## quick: the quick loop while working: every test with -short (10 seeds of the model of many PCs), headless
quick:
	CGO_ENABLED=0 $(GO) test -tags ci -short ./...

## lint: staticcheck (pinned, from the Go module proxy), for Linux and for Windows
lint: $(STATICCHECK)
	CGO_ENABLED=0 $(STATICCHECK) -tags ci ./...
	GOOS=windows CGO_ENABLED=0 $(STATICCHECK) -tags ci ./...

$(STATICCHECK):
	GOBIN=$(dir $(STATICCHECK)) CGO_ENABLED=0 $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## race: every test under the race detector (needs cgo: gcc); -short: 10 seeds of the model of many PCs, not 200
race:
	CGO_ENABLED=1 $(GO) test -race -short -tags ci ./...

## recalc: the workbook's stored formula values against Gnumeric's and LibreOffice's recalculation (needs gnumeric, libreoffice-calc)
recalc:
	CGO_ENABLED=0 $(GO) test -tags 'ci recalc' -run '^TestStoredValuesEqualRecalculation$$' -v ./app/report

## fuzz: each fuzz test (db, the workbook check of app/report, the package reader of app/exchange) for a number of runs; seeds in the tests and db/testdata.
## Counts, not seconds: a -fuzztime in seconds can fail with a bare "context deadline exceeded" on a busy
## machine (golang/go#75804, fixed in Go 1.27). FUZZTIME=30s (or 100000x) sets one budget for every target.
FUZZTIME ?=
FUZZ_DB  := FuzzParseCount:20000x FuzzParseNumber:20000x FuzzFold:10000x FuzzValidate:5000x FuzzOpenFile:1000x
## MODEL_SEEDS: how many seeds of the model of many PCs make fuzz runs (replay one: go test ./app/exchange -run TestManyPCs -seed N -v)
MODEL_SEEDS ?= 1500
fuzz:
	@for ft in $(FUZZ_DB); do f=$${ft%%:*}; n=$${FUZZTIME:-$${ft##*:}}; \
		echo "fuzz $$f ($$n)"; \
		CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -fuzz "^$$f\$$" -fuzztime $$n ./db || exit 1; \
	done
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -fuzz '^FuzzVerifyWorkbook$$' -fuzztime $${FUZZTIME:-300x} ./app/report
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -fuzz '^FuzzReadPackage$$' -fuzztime $${FUZZTIME:-3000x} ./app/exchange
	@echo "model of exchanges among many PCs ($(MODEL_SEEDS) seeds after those of make test)"
	CGO_ENABLED=0 $(GO) test -tags ci -run '^TestManyPCs$$' -timeout 60m ./app/exchange -seed-from 1001 -seeds $(MODEL_SEEDS)

## bench-server: the syncs of 20,000 visits with a PostgreSQL of its own, beside COPY (figures in docs/server.md and docs/benchmarks.md)
bench-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
	CGO_ENABLED=0 $(GO) test -tags 'ci server' -run '^$$' -bench Sync20000 -benchtime 1x -count 3 -timeout 60m ./app/serversync

## gui-smoke: the real window (make build) driven under Xvfb by .ci/gui-smoke, both languages
gui-smoke: build
	./.ci/gui-smoke ./$(BIN)

## window-bench: what a person waits for on the real window, on 20,000 visits (figures in docs/benchmarks.md)
window-bench: build
	./app/internal/windowbench/run.sh ./$(BIN)

## window-bench-wine: the Windows build's window under Wine on the sample, drawn by Mesa's softpipe (after make windows)
window-bench-wine:
	./app/internal/windowbench/wine.sh dist/giamsat/giamsat.exe -software-gl

## bench: the benchmarks whose figures are in docs/benchmarks.md
bench:
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchtime 5x ./...

## vet: go vet on every package
vet:
	CGO_ENABLED=0 $(GO) vet -tags ci ./...

## windows-check: every package and test binary compiles for Windows (no cgo needed)
windows-check:
	GOOS=windows CGO_ENABLED=0 $(GO) vet -tags ci ./...
	@d=$$(mktemp -d) && GOOS=windows CGO_ENABLED=0 $(GO) test -tags ci -c -o $$d/ ./... >/dev/null && ls $$d && rm -rf $$d

## fmt-check: fails when a file needs gofmt
fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## deps-gui: install the X11/GL headers on Debian/Ubuntu when they are missing
deps-gui:
	@if command -v dpkg >/dev/null 2>&1 && ! dpkg -s $(GUI_DEBS) >/dev/null 2>&1; then \
		echo "Installing $(GUI_DEBS)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(GUI_DEBS); \
	fi

# Windows release, cross-compiled from Linux (Debian/Ubuntu).
VERSION    := $(shell sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
FYNE_TOOL  := $(shell $(GO) env GOPATH)/bin/fyne
WIN_DEBS   := gcc-mingw-w64-x86-64 nsis osslsigncode
SIGN_CERT  ?=
SIGN_KEY   ?=

## windows: dist/giamsat/ (the program's folder as installed: giamsat.exe and mesa/, Mesa's software OpenGL) and dist/giamsat-setup.exe; signed when SIGN_CERT and SIGN_KEY are given
windows: deps-windows
	rm -rf dist/giamsat "Giám sát.exe" giamsat.exe
	mkdir -p dist/giamsat/mesa
	# Mesa's software renderer, built once from Debian's source into a cache outside the clone.
	mesa=$$(./.ci/build-mesa) && cp "$$mesa"/*.dll "$$mesa"/LICENSE-*.txt "$$mesa"/SOURCE.txt dist/giamsat/mesa/
	# fyne package raises Build in FyneApp.toml on every release build: keep ours.
	cp FyneApp.toml dist/FyneApp.toml.keep
	CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 $(FYNE_TOOL) package -os windows --release --tags migrated_fynedo; \
		status=$$?; mv dist/FyneApp.toml.keep FyneApp.toml; exit $$status
	mv "Giám sát.exe" dist/giamsat/giamsat.exe
	$(GO) run ./app/internal/peinspect dist/giamsat/giamsat.exe
	$(if $(SIGN_CERT),for f in dist/giamsat/giamsat.exe dist/giamsat/mesa/*.dll; do ./.ci/sign "$$f" "$(SIGN_CERT)" "$(SIGN_KEY)" || exit 1; done)
	makensis -V2 -DVERSION=$(VERSION) -DDIR=$(CURDIR)/dist/giamsat -DOUT=$(CURDIR)/dist/giamsat-setup.exe assets/windows/installer.nsi
	$(if $(SIGN_CERT),./.ci/sign dist/giamsat-setup.exe "$(SIGN_CERT)" "$(SIGN_KEY)")
	$(GO) run ./app/internal/peinspect dist/giamsat-setup.exe
	ls -la dist dist/giamsat dist/giamsat/mesa

## windows-smoke: runs dist/giamsat/giamsat.exe under Wine with Vietnamese Windows paths (after make windows)
windows-smoke:
	./.ci/windows-smoke

## deps-windows: install the cross-compilers and NSIS on Debian/Ubuntu when they are missing
deps-windows:
	@if command -v dpkg >/dev/null 2>&1 && ! dpkg -s $(WIN_DEBS) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(WIN_DEBS); \
	fi
	@test -x $(FYNE_TOOL) || $(GO) install fyne.io/tools/cmd/fyne@v1.7.4

clean:
	rm -rf $(BIN) dist
