# tcpsim — quick start:
#   make run    install what is missing, build, open the visualizer on the default scenario
#   make test   install what is missing, build, run every test through ctest (the web page's too)
#   make web    the visualizer as a static web page in build-web/ (see docs/web.md)
BUILD    ?= build
WEB      ?= build-web
WEB_OBJ  ?= build-web-obj
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/06-close-unread-data.scn

.PHONY: all deps deps-web configure build run test web bench bench-web bench-instructions screenshots clean fuzz

all: build

deps:
	@./.ci/deps

# Also what the web page needs: emscripten to build it, Chromium and Node.js to test it.
deps-web:
	@./.ci/deps web

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@$(BUILD_ENV) cmake --build $(BUILD) -j$(JOBS)

# `make run` shows the build's progress and then the scenario: not the nested makes' ~25 "Entering
# directory" lines (a sub-make prints them unless told not to). `make test` is left as it was.
run: BUILD_ENV = MAKEFLAGS="--no-print-directory $$MAKEFLAGS"

# The visualizer when there is a display; else (or when it cannot open a window: exit 3) the terminal.
run: build
	@if [ -x $(BUILD)/bin/tcpsim-viz ] && { [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; }; then \
	  $(BUILD)/bin/tcpsim-viz $(SCENARIO); status=$$?; \
	  if [ $$status -eq 3 ]; then echo "tcpsim: showing the scenario in the terminal instead."; $(BUILD)/bin/tcpsim run $(SCENARIO); \
	  else exit $$status; fi; \
	else \
	  if [ -x $(BUILD)/bin/tcpsim-viz ]; then echo "tcpsim: no display found; showing the scenario in the terminal instead."; fi; \
	  $(BUILD)/bin/tcpsim run $(SCENARIO); \
	fi

test: deps-web build
	@JOBS=$(JOBS) web/build.sh $(WEB) $(WEB_OBJ) if-available
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The visualizer in the browser: build-web/ is the whole site, to serve or publish as it is.
web: deps-web
	@JOBS=$(JOBS) web/build.sh $(WEB) $(WEB_OBJ)

bench: build
	@$(BUILD)/bin/tcpsim-bench
	@# The visualizer: start-up on the default scenario, then frames on the 100 MB trace.
	@if [ -x $(BUILD)/bin/tcpsim-viz ]; then \
	  for f in scenarios/06-close-unread-data.scn tests/bench/bulk-100MB.scn; do \
	    if [ -n "$$DISPLAY" ]; then $(BUILD)/bin/tcpsim-viz --mute --bench $$f; \
	    else xvfb-run -a -s "-screen 0 1600x900x24" $(BUILD)/bin/tcpsim-viz --mute --bench $$f; fi; \
	  done; \
	fi

# The engine as WebAssembly in headless Chromium (tcpsim-bench's cases), the page's first frame and
# its size, beside the native figures.
bench-web: deps-web build
	@JOBS=$(JOBS) TARGETS=tcpsim-bench web/build.sh $(WEB) $(WEB_OBJ)
	@bash tests/web/run.sh setup $(BUILD)/web-node $(WEB) >/dev/null
	@TCPSIM_WEB_NODE=$(CURDIR)/$(BUILD)/web-node node tests/web/bench.mjs $(WEB) $(WEB_OBJ)/bench-page $(BUILD)/bin/tcpsim-bench

# Instructions for the whole `tcpsim check -q` process on the 10 MB transfer (tests/bench/bulk-10MB.scn),
# counted by valgrind's callgrind: a figure that compares across machines, unlike wall time.
# Target (issue 11): at most 13 M (ns-3 3.37: 2,116 M for the same transfer). Not built by `make`: run
# `make build` first (or BUILD=dir for another build).
bench-instructions:
	@tests/bench/instructions.sh $(BUILD)/bin/tcpsim tests/bench/bulk-10MB.scn

# The visualizer's images in docs/ (tcpsim-viz --screenshot under xvfb).
screenshots: build
	@docs/make-screenshots.sh $(BUILD)

# The libFuzzer harnesses (tests/fuzz), built with clang, ASan and UBSan, each run FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	@cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTCPSIM_SANITIZE=ON -DTCPSIM_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target tcpsim-fuzz-parse tcpsim-fuzz-run
	@tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

clean:
	@rm -rf $(BUILD) build-asan build-fuzz $(WEB) $(WEB_OBJ)
