#!/bin/bash
# Writes every command's output for the scenario library, the fuzz regression inputs and the bench's
# 10 MB transfer into DIR (fault run and twin), so a change meant to keep behaviour can be checked
# byte for byte: golden.sh TCPSIM DIR-before; (change, rebuild); golden.sh TCPSIM DIR-after;
# diff -r DIR-before DIR-after
# usage: golden.sh TCPSIM DIR
bin=${1:?usage: golden.sh TCPSIM DIR}
dir=${2:?usage: golden.sh TCPSIM DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
files=("$root"/scenarios/*.scn "$root"/tests/fuzz/regressions/*/*.scn "$root"/tests/bench/bulk-10MB.scn)
for f in "${files[@]}"; do
  n=$(basename "$(dirname "$f")")-$(basename "$f" .scn)
  for twin in "" "--twin"; do
    o="$dir/$n${twin:+-twin}"
    export COLUMNS=120
    "$bin" run $twin --color never "$f" >"$o.run" 2>&1; echo "exit $?" >>"$o.run"
    "$bin" run $twin --all --timers --color never "$f" >"$o.run-all" 2>&1; echo "exit $?" >>"$o.run-all"
    "$bin" trace $twin "$f" >"$o.trace" 2>&1; echo "exit $?" >>"$o.trace"
    "$bin" trace $twin --json "$f" 2>"$o.json" | sha256sum >>"$o.json"; echo "exit ${PIPESTATUS[0]}" >>"$o.json"
    # Captures and JSON as digests: a big transfer's capture runs to gigabytes.
    "$bin" export $twin "$f" --pcap - 2>"$o.export" | sha256sum >>"$o.export"; echo "exit ${PIPESTATUS[0]}" >>"$o.export"
    "$bin" export $twin "$f" --svg - 2>>"$o.export" | sha256sum >>"$o.export"; echo "exit ${PIPESTATUS[0]}" >>"$o.export"
  done
  "$bin" check --color never "$f" >"$dir/$n.check" 2>&1; echo "exit $?" >>"$dir/$n.check"
  "$bin" check -q --color never "$f" >"$dir/$n.check-q" 2>&1; echo "exit $?" >>"$dir/$n.check-q"
  "$bin" diff --color never "$f" >"$dir/$n.diff" 2>&1; echo "exit $?" >>"$dir/$n.diff"
done
