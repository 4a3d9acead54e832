#!/bin/bash
# One packetdrill script (tests/pkt/*.pkt) both ways: `tcpsim pkt FILE` passes, and the scenario that
# `tcpsim pkt --to-scn FILE` prints parses back and passes `tcpsim check`.
# usage: check_pkt.sh TCPSIM FILE.pkt OUTDIR
tcpsim=${1:?usage: check_pkt.sh TCPSIM FILE.pkt OUTDIR}
pkt=${2:?}
out=${3:?}
mkdir -p "$out" || exit 2
scn="$out/$(basename "$pkt" .pkt).scn"
"$tcpsim" pkt "$pkt" || exit 1
"$tcpsim" pkt --to-scn "$pkt" > "$scn" || { echo "--to-scn failed"; exit 1; }
"$tcpsim" check "$scn" || exit 1
