#!/usr/bin/env bash
# Regenerates the visualizer screenshots in docs/images/ with `tcpsim-viz --screenshot` under xvfb,
# and the terminal's ladders with `tcpsim run --color always` in headless Chromium.
# Usage: docs/make-screenshots.sh [BUILD_DIR] [terminal]   (or: make screenshots; `terminal`: only those)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
viz="$build/bin/tcpsim-viz"
out=docs/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The terminal's ladder (tcpsim run --color always), drawn as the terminal draws it and photographed by
# headless Chromium; skipped where Chromium is missing (make deps-web installs it).
term() {  # term NAME THEME COLUMNS ARGS...
  local name=$1 theme=$2 cols=$3
  shift 3
  "${build}/bin/tcpsim" run --color always --theme "$theme" --width "$cols" "$@" > "$tmp/$name.txt"
  awk -v theme="$theme" -f docs/ansi-to-html.awk < "$tmp/$name.txt" > "$tmp/$name.html"
  # 15 px DejaVu Sans Mono: 9.03 px a column, 19.5 px a line, 14 px of padding around.
  local w=$(( cols * 903 / 100 + 30 )) h=$(( $(wc -l < "$tmp/$name.txt") * 195 / 10 + 30 ))
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$w,$h" \
    --screenshot="$PWD/$out/$name.png" "file://$tmp/$name.html" >/dev/null 2>&1
}
if command -v chromium >/dev/null 2>&1; then
  # The default scenario on a dark terminal (the README's picture).
  term ladder-close-unread-data dark 100 scenarios/06-close-unread-data.scn
  # A projector with a white background at 80 columns: --theme light, the NAT's text beside its lane.
  term ladder-nat-light light 80 scenarios/13-nat-idle-timeout.scn
  # A long transfer folded: each run of like segments on one line (--all shows every segment).
  term ladder-lossy-folded dark 110 scenarios/19-lossy-transfer.scn
fi
[ "${2:-}" = terminal ] && exit 0
shot() {  # shot NAME SIZE ARGS...
  local name=$1 size=$2
  shift 2
  xvfb-run -a -s "-screen 0 ${size}x24" "$viz" --mute --size "$size" --screenshot "$out/$name.png" "$@"
}
# The default scenario just after the client's recv() fails: the RST, the ghost of the twin's FIN+ACK,
# both TCBs gone, ECONNRESET in the console.
shot viz-overview 1600x900 scenarios/06-close-unread-data.scn --at 36
# The graceful twin of the same scenario: FIN, ACK, FIN, ACK, TIME-WAIT.
shot viz-twin 1600x900 scenarios/06-close-unread-data.scn --at 46 --show twin
# The kernel's run beside the simulation (tcpsim-viz --beside), in presentation mode: the recording of
# `tcpsim kernel-check 06 --json` that the window tests use, as both ladders send the RST.
shot viz-kernel-beside 1600x900 scenarios/06-close-unread-data.scn --beside tests/viz/data/linux-06-close-unread-data.json --at 31 --presentation
# Predict mode on a 1280x720 projector: the class is asked what the server sends as it closes with
# unread data, before the RST+ACK is drawn.
shot viz-predict 1280x720 scenarios/06-close-unread-data.scn --at 28 --presentation --predict
# Presentation mode on a 1280x720 projector, on the firewall scenario as the firewall resets the
# established flow: the state strip in place of Figure 5, marks that keep their state names whole.
shot viz-presentation 1280x720 scenarios/11-firewall-reject.scn --at 54 --presentation
# A typo in a scenario: the file still opens, with the error on its line in the editor.
sed 's/^at 200ms  server close/at 200ms  server clsoe/' scenarios/06-close-unread-data.scn > "$tmp/close-unread-typo.scn"
shot viz-editor-error 1600x900 "$tmp/close-unread-typo.scn"
# The scenario library (L) and the shortcuts (F1).
shot viz-library 1600x900 scenarios/06-close-unread-data.scn --show library
shot viz-shortcuts 1600x900 scenarios/06-close-unread-data.scn --at 30 --show shortcuts
# A what-if: the server reads the request before its close(), so FIN instead of RST; the original's RST
# as the ghost, and the branch list (B).
shot viz-whatif 1600x900 scenarios/06-close-unread-data.scn --at 40 --also "at 190ms server recv" --input "key B; frames 2"
# The ladder's right-click menu on the client's lane: the host's actions and its connection's.
shot viz-whatif-menu 1600x900 scenarios/02-graceful-close.scn --at 24 --input "rclick lane:client; frames 3"
# The web page (make web) in headless Chromium at 1280x720, on the crash scenario just after the
# rebooted server's RST reached the client; skipped where the page or the browser is missing.
if [ -f build-web/tcpsim.wasm ] && [ -x /usr/lib/chromium/chromium ]; then
  bash tests/web/run.sh setup "${1:-build}/web-node" build-web >/dev/null
  TCPSIM_WEB_NODE="$(cd "${1:-build}/web-node" && pwd)" node tests/web/screenshot.mjs build-web \
    "?scenario=08-crash-restart&step=43" 1280x720 "$out/web-page.png"
fi
