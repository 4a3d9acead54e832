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
out=$("$tcpsim" kernel-check "$@" 2>&1)
status=$?
echo "$out"
if [ "$status" != "$want" ]; then
  echo "FAIL: exit status $status, expected $want"
  exit 1
fi
rest=$out
IFS='|' read -r -a expected <<< "$lines"
for line in "${expected[@]}"; do
  [ -z "$line" ] && continue
  case "$rest" in
    *"$line"*) rest=${rest#*"$line"} ;;
    *) echo "FAIL: expected (in this order) the line: $line"; exit 1 ;;
  esac
done
echo "ok"
