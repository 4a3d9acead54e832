#!/usr/bin/env bash
# Every what-if the teaching guide offers (`build/bin/tcpsim run scenarios/X.scn --also "..."`) runs:
# exit status 0 and nothing on standard error, so a guide line never shows a class an error.
# Usage: check_guide_whatifs.sh TCPSIM GUIDE ROOT
set -u
tcpsim=$1 guide=$2 root=$3
cd "$root" || exit 2
n=0 bad=0
while IFS= read -r line; do
  n=$((n + 1))
  cmd="${line/build\/bin\/tcpsim/\"$tcpsim\"}"
  err=$(bash -c "$cmd" 2>&1 >/dev/null)
  status=$?
  if [ $status -ne 0 ] || [ -n "$err" ]; then
    echo "FAIL (exit $status): $line"
    [ -n "$err" ] && echo "$err" | sed 's/^/    /'
    bad=$((bad + 1))
  fi
done < <(grep -E '^build/bin/tcpsim (run|diff|check|trace|export) .*--also ' "$guide")
echo "$n what-ifs in the teaching guide, $bad failed"
[ $n -ge 24 ] || { echo "expected one what-if per library scenario (24), found $n"; exit 1; }
[ $bad -eq 0 ]
