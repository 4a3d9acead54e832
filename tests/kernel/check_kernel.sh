#!/bin/bash
# One `tcpsim kernel-check` case: runs it and checks its exit status and that each expected line is in
# its output (standard output and error together), in order.
# Reported as skipped (exit 77), never passed, where the kernel cannot be used: not root, no
# /dev/net/tun, no network namespaces -- unless the case is marked `any` (it needs none of them: bad
# input is refused before anything is set up).
# usage: check_kernel.sh TCPSIM real|any EXPECTED_STATUS 'LINE1|LINE2|...' ARGS...
tcpsim=$1 needs=$2 want=$3 lines=$4
shift 4
if [ "$needs" = real ]; then
  if [ "$(id -u)" != 0 ]; then echo "SKIPPED: not root"; exit 77; fi
  if [ ! -c /dev/net/tun ]; then echo "SKIPPED: no /dev/net/tun"; exit 77; fi
  if ! unshare -n true 2>/dev/null; then echo "SKIPPED: cannot create a network namespace"; exit 77; fi
fi
# try: run the case; 0 when its status and lines are the expected ones, else 1 with why in $why.
try() {
  out=$("$tcpsim" kernel-check "$@" 2>&1)
  status=$?
  echo "$out"
  if [ "$status" != "$want" ]; then
    why="exit status $status, expected $want"
    return 1
  fi
  local rest=$out line
  IFS='|' read -r -a expected <<< "$lines"
  for line in "${expected[@]}"; do
    [ -z "$line" ] && continue
    case "$rest" in
      *"$line"*) rest=${rest#*"$line"} ;;
      *) why="expected (in this order) the line: $line"; return 1 ;;
    esac
  done
}
if try "$@"; then echo "ok"; exit 0; fi
# On the kernel a case that fails runs once more, as in library.sh: real time on a busy machine (ctest's
# other tests on 2 cores) can make a call or a timer late by more than the comparison's tolerance. A
# real difference is the same the second time.
if [ "$needs" = real ]; then
  echo "the first try failed ($why); once more (real time on a busy machine can make a call late):"
  if try "$@"; then echo "ok (on the second try)"; exit 0; fi
fi
echo "FAIL: $why"
exit 1
