#!/bin/sh
# Reads tcpsim's pcapng exports of one scenario back with tshark, on the wire and at every node (and
# the graceful twin's, on the wire):
#  - every frame dissects without a malformed packet, and every IPv4 and TCP checksum is good;
#  - frame by frame, tshark's time, flags, raw SEQ and ACK, payload length, window and MSS equal the
#    segments `tcpsim trace FILE --absolute` lists for that view (an independent reading of the trace:
#    the event list, not the exporter);
#  - Wireshark's expert info has no error, and no warning besides "Connection reset (RST)" and those
#    expert-allowed.txt lists for this scenario.
#
# Usage: check_pcap.sh TCPSIM SCENARIO.scn WORKDIR
# Exit status: 0 pass, 1 fail, 77 tshark is not installed (ctest reports the test as skipped).
set -u

tcpsim=$1
scn=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$scn" .scn)

if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIPPED: tshark is not installed, so the pcapng export of $name cannot be checked (apt-get install tshark)"
  exit 77
fi

mkdir -p "$work" || exit 1
us=$(printf '\037')  # Joins the values of a field that occurs several times in a frame.
failed=0
fail() {
  echo "FAIL [$name, $run run, $view]: $*"
  failed=1
}

# tshark warns on stderr when run as root; anything else it prints there is shown.
tshark_quiet() {
  tshark "$@" 2>"$work/tshark.err"
  rc=$?
  grep -v 'Running as user "root"' "$work/tshark.err" >&2
  return $rc
}

if ! "$tcpsim" trace "$scn" --absolute >"$work/fault.trace.txt"; then
  echo "FAIL [$name]: tcpsim trace failed"
  exit 1
fi
views=wire:wire:fault
# The graceful twin, when the scenario has one, on the wire.
if "$tcpsim" trace "$scn" --twin --absolute >"$work/twin.trace.txt" 2>/dev/null; then
  twin_views=wire:wire:twin
else
  twin_views=
fi

# The views: the wire, then every host, firewall and nat the scenario declares ("host NAME [IP]").
nodes=$(awk '$1 == "host" || $1 == "firewall" || $1 == "nat" { print $1 ":" $2 ":fault" }' "$scn")
for item in $views $nodes $twin_views; do
  kind=${item%%:*}
  rest=${item#*:}
  view=${rest%%:*}
  run=${rest#*:}
  out="$work/$run.$view"
  cap="$out.pcapng"
  if [ "$kind" = wire ]; then set -- --wire; else set -- --at "$view"; fi
  [ "$run" = twin ] && set -- "$@" --twin
  if ! "$tcpsim" export "$scn" --pcap "$cap" "$@" >"$out.export.txt"; then
    fail "tcpsim export $* failed"
    continue
  fi

  # What tshark reads, one line per frame: the fields compared, the checksum verdicts, whether the
  # frame is malformed, and Wireshark's expert items (severity and message, joined by \037).
  if ! tshark_quiet -n -r "$cap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E aggregator="$us" \
      -e frame.time_epoch -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.window_size_value \
      -e tcp.options.mss_val -e ip.checksum.status -e tcp.checksum.status -e _ws.malformed \
      -e _ws.expert.severity -e _ws.expert.message >"$out.tshark.txt"; then
    fail "tshark cannot read $cap"
    continue
  fi

  # The segments the trace lists for this view, in the same fields.
  awk -v view="$view" -v kind="$kind" '
    $3 !~ /^segment-/ { next }
    {
      n = $4
      ok = 0
      if (kind == "wire") ok = ($3 == "segment-sent")
      else if ($2 == view) {
        if ($3 == "segment-sent") { ok = 1; seen[n] = 1 }
        else if ($3 == "segment-delivered") ok = 1
        # A middlebox sees what reaches it once, whether it passes it on or drops it.
        else if (kind != "host" && ($3 == "segment-forwarded" || $3 == "segment-dropped") && !(n in seen)) {
          ok = 1; seen[n] = 1
        }
      }
      if (!ok) next
      bits = 0
      k = split($5, f, "+")
      for (i = 1; i <= k; i++) {
        if (f[i] == "FIN") bits += 1; else if (f[i] == "SYN") bits += 2; else if (f[i] == "RST") bits += 4
        else if (f[i] == "PSH") bits += 8; else if (f[i] == "ACK") bits += 16
      }
      seq = ""; ack = 0; len = 0; win = ""; mss = ""
      for (i = 6; i <= NF && $i ~ /^(seq|ack|len|win|mss)=/; i++) {
        split($i, kv, "=")
        if (kv[1] == "seq") seq = kv[2]; else if (kv[1] == "ack") ack = kv[2]; else if (kv[1] == "len") len = kv[2]
        else if (kv[1] == "win") win = kv[2]; else mss = kv[2]
      }
      printf "%s\t0x%04x\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, bits, seq, ack, len, win, mss, n
    }' "$work/$run.trace.txt" >"$out.expected.txt"

  # Frame by frame against the trace; then checksums, malformed frames and expert info. A warning
  # or error must be the RST the scenario is about or one expert-allowed.txt lists for this view.
  awk -F '\t' -v cap="$cap" -v name="$name" -v view="$view" -v us="$us" \
      -v allowed_file="$here/expert-allowed.txt" -v expected_file="$out.expected.txt" '
    FILENAME == allowed_file {
      if ($0 ~ /^[ \t]*(#|$)/) next
      split($0, col, /[ \t]+/)
      if (col[1] == name && (col[2] == view || col[2] == "*")) {
        text = $0
        sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", text)
        allowed[++a] = text
      }
      next
    }
    FILENAME == expected_file { want[++w] = $0; next }
    {
      ++g
      if ($2 == "") { printf "frame %d: not a TCP segment\n", g; bad = 1 }
      if ($8 != "1") { printf "frame %d: IPv4 checksum status %s (1 is good)\n", g, $8; bad = 1 }
      if ($9 != "1") { printf "frame %d: TCP checksum status %s (1 is good)\n", g, $9; bad = 1 }
      if ($10 != "") { printf "frame %d: malformed: %s\n", g, $10; bad = 1 }
      ns = split($11, sev, us)
      split($12, msg, us)
      for (i = 1; i <= ns; i++) {
        if (sev[i] + 0 < 6291456) continue  # Below PI_WARN: chats, notes, tcpsim comments.
        if (msg[i] == "Connection reset (RST)") continue
        ok = 0
        for (k = 1; k <= a; k++) if (index(msg[i], allowed[k]) == 1) ok = 1
        if (!ok) {
          printf "frame %d: Wireshark %s: %s (not in tests/pcap/expert-allowed.txt)\n", g, (sev[i] + 0 >= 8388608 ? "error" : "warning"), msg[i]
          bad = 1
        }
      }
      if (g > w) { printf "frame %d: tshark reads a frame the trace does not list for this view\n", g; bad = 1; next }
      split(want[g], e, "\t")
      d = $1 - e[1]; if (d < 0) d = -d
      if (d > 0.0000011) { printf "frame %d (%s): time %s, the trace says %s\n", g, e[8], $1, e[1]; bad = 1 }
      if (tolower($2) != tolower(e[2])) { printf "frame %d (%s): flags %s, the trace says %s\n", g, e[8], $2, e[2]; bad = 1 }
      if ($3 != e[3]) { printf "frame %d (%s): seq %s, the trace says %s\n", g, e[8], $3, e[3]; bad = 1 }
      if ($4 != e[4]) { printf "frame %d (%s): ack %s, the trace says %s\n", g, e[8], $4, e[4]; bad = 1 }
      if ($5 != e[5]) { printf "frame %d (%s): payload length %s, the trace says %s\n", g, e[8], $5, e[5]; bad = 1 }
      if ($6 != e[6]) { printf "frame %d (%s): window %s, the trace says %s\n", g, e[8], $6, e[6]; bad = 1 }
      if ($7 != e[7]) { printf "frame %d (%s): MSS option \"%s\", the trace says \"%s\"\n", g, e[8], $7, e[7]; bad = 1 }
    }
    END {
      if (g < w) { printf "%s has %d frames; the trace lists %d segments for this view\n", cap, g, w; bad = 1 }
      exit bad
    }' "$here/expert-allowed.txt" "$out.expected.txt" "$out.tshark.txt" >"$out.diff.txt"
  if [ $? -ne 0 ]; then
    fail "tshark's reading of $cap:"
    cat "$out.diff.txt"
  fi

  [ $failed -eq 0 ] && echo "ok [$name, $run run, $view]: $(cat "$out.export.txt")"
done

exit $failed
