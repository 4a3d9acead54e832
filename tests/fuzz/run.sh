#!/usr/bin/env bash
# Runs each libFuzzer harness for a set time (`make fuzz`; FUZZ_SECONDS, default 60), starting from a
# seed corpus of the scenario library and the docs' examples, with the keyword dictionary. A crash,
# leak, timeout or broken invariant stops with the input saved under BUILD/fuzz/crashes/ and exit 1:
# fix it, then copy the input into tests/fuzz/regressions/NAME/ so ctest replays it on every build.
#   tests/fuzz/run.sh BUILD SECONDS [HARNESS...]
# FUZZ_TIMEOUT (default 10 s) is when an input counts as a hang: one takes well under a second, but a
# run niced behind other work on a loaded machine may wait longer than that for the CPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
seconds=${2:-60}
shift 2 || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(parse run)

work="$build/fuzz"
# One seed directory per set of harnesses, so two runs of this script (one per harness) can share a build.
seeds="$work/seeds-$(IFS=-; echo "${harnesses[*]}")"
rm -rf "$seeds"
mkdir -p "$seeds" "$work/crashes"
# The library, and every example block of the docs (plain ``` fences; sh and python blocks are not
# scenarios), one seed each: a fragment that does not parse still seeds the parser.
cp scenarios/*.scn "$seeds/"
awk -v dir="$seeds" '
  /^```$/ && !inblock { inblock = 1; text = ""; next }
  /^```/ && !inblock { skip = 1; inblock = 1; next }
  /^```$/ && inblock {
    if (!skip && text != "") { n++; f = sprintf("%s/doc-%03d.scn", dir, n); printf "%s", text > f; close(f) }
    inblock = 0; skip = 0; next
  }
  inblock { text = text $0 "\n" }
' docs/*.md
cp tests/fuzz/regressions/*/* "$seeds/" 2>/dev/null || true
echo "fuzz: $(ls "$seeds" | wc -l) seed inputs (the library, the docs' examples, the regression corpus)"

status=0
for h in "${harnesses[@]}"; do
  bin="$build/bin/tcpsim-fuzz-$h"
  corpus="$work/corpus-$h"
  mkdir -p "$corpus"
  echo "fuzz: tcpsim-fuzz-$h for ${seconds}s"
  # -timeout: one input must take well under a second; 10 s means a hang. -rss_limit_mb: a leak or a
  # runaway trace. The corpus grows across runs in BUILD/fuzz.
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$bin" "$corpus" "$seeds" -dict=tests/fuzz/tcpsim.dict -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
       -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -artifact_prefix="$work/crashes/$h-" \
       2> "$work/$h.log"; then
    echo "fuzz: tcpsim-fuzz-$h FOUND A PROBLEM; the log is $work/$h.log, the input in $work/crashes/:" >&2
    grep -E "ERROR|SUMMARY|invariant broken|Test unit written" "$work/$h.log" | head -20 >&2
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$work/$h.log" | sed "s/^/fuzz: $h: /" || true
done
exit $status
