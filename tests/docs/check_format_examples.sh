#!/usr/bin/env bash
# Every complete scenario in docs/scenario-format.md (a ``` block with a `host` line) passes
# `tcpsim check`: the page's examples parse, run and keep their expectations, so a reader who
# copies one gets what the page says.
# Usage: check_format_examples.sh TCPSIM DOC WORKDIR
set -u
tcpsim=$1 doc=$2 work=$3
mkdir -p "$work" || exit 2
rm -f "$work"/example-*.scn
awk -v dir="$work" '
  /^```/ { if (inside) { if (has_host) { n++; f = sprintf("%s/example-%02d.scn", dir, n); printf "%s", text > f; close(f) }
                         inside = 0 } else { inside = 1; text = ""; has_host = 0 } next }
  inside { text = text $0 "\n"; if ($0 ~ /^host /) has_host = 1 }
' "$doc"
n=0 bad=0
for f in "$work"/example-*.scn; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  if ! out=$("$tcpsim" check "$f" 2>&1); then
    echo "FAIL: $(basename "$f") (the ${n}th complete example in $(basename "$doc"))"
    echo "$out" | sed 's/^/    /'
    bad=$((bad + 1))
  fi
done
echo "$n complete examples in $(basename "$doc"), $bad failed"
[ $n -ge 3 ] || { echo "expected at least 3 complete examples (the first one, ordered expectations, triggers), found $n"; exit 1; }
[ $bad -eq 0 ]
