#!/bin/bash
# Counts the instructions of one `tcpsim check -q` run with valgrind's callgrind and prints them with
# the segments the run sent, e.g.
#   bulk-10MB.scn: 12,345,678 instructions (whole process), 7,194 segments, 1,716 per segment
# usage: instructions.sh TCPSIM SCENARIO
bin=${1:?usage: instructions.sh TCPSIM SCENARIO}
scn=${2:?usage: instructions.sh TCPSIM SCENARIO}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -x "$bin" ] || { echo "instructions.sh: $bin not found: build first (make build)" >&2; exit 2; }
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$bin" check -q "$scn" >"$out/log" 2>&1
status=$?
if [ $status -ne 0 ]; then
  echo "instructions.sh: tcpsim check -q $scn failed ($status):" >&2
  cat "$out/log" >&2
  exit $status
fi
ir=$(sed -n 's/^summary: *//p' "$out/cg.out")
segs=$("$bin" trace --json "$scn" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["segments"]))' 2>/dev/null)
if [ -n "$segs" ] && [ "$segs" -gt 0 ]; then
  printf "%s: %'d instructions (whole process), %'d segments, %'d per segment\n" "$(basename "$scn")" "$ir" "$segs" $((ir / segs))
else
  printf "%s: %'d instructions (whole process)\n" "$(basename "$scn")" "$ir"
fi
