#!/bin/sh
# `make run` shows the build's progress and then the scenario, without the nested makes' "Entering
# directory" lines; `make build` alone (what `make test` runs) still has them. A stand-in cmake runs
# a recursive make as CMake's Makefiles do, and a stand-in tcpsim prints the scenario, so the test
# takes a second instead of a build (and `-o deps` keeps it from installing anything).
#   make_run_quiet.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/build/bin" "$tmp/fixture"
cat > "$tmp/bin/cmake" <<'SH'
#!/bin/sh
case "$1" in --build) cd "$FIXTURE" && exec make ;; *) exit 0 ;; esac
SH
printf 'all:\n\t@echo "[ 50%%] Building CXX object sim/a.cpp.o"\n\t@$(MAKE) -f Makefile2\n' > "$tmp/fixture/Makefile"
printf 'all:\n\t@echo "[100%%] Built target tcpsim"\n' > "$tmp/fixture/Makefile2"
printf '#!/bin/sh\necho "the ladder of $1 $2"\n' > "$tmp/build/bin/tcpsim"
chmod +x "$tmp/bin/cmake" "$tmp/build/bin/tcpsim"
export FIXTURE="$tmp/fixture" PATH="$tmp/bin:$PATH"
unset DISPLAY WAYLAND_DISPLAY MAKEFLAGS MAKELEVEL
run=$(cd "$src" && make -o deps run BUILD="$tmp/build" SCENARIO=x.scn 2>&1)
want='[ 50%] Building CXX object sim/a.cpp.o
[100%] Built target tcpsim
the ladder of run x.scn'
if [ "$run" != "$want" ]; then
  printf 'make run printed:\n%s\n--- instead of:\n%s\n' "$run" "$want"
  exit 1
fi
# The stand-in itself prints the directories when nobody asks it not to (else this test proves nothing).
build=$(cd "$src" && make -o deps build BUILD="$tmp/build" 2>&1)
case "$build" in
  *"Entering directory"*) ;;
  *) printf 'make build printed no directory lines:\n%s\n' "$build"; exit 1 ;;
esac
echo "make run: quiet"
