#!/usr/bin/env bash
# Regenerates the visualizer screenshots in docs/images/ with `tcpsim-viz --screenshot` under xvfb.
# Usage: docs/make-screenshots.sh [BUILD_DIR]   (or: make screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
viz="${1:-build}/bin/tcpsim-viz"
out=docs/images
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
# Predict mode on a 1280x720 projector: the class is asked what the server sends as it closes with
# unread data, before the RST+ACK is drawn.
shot viz-predict 1280x720 scenarios/06-close-unread-data.scn --at 28 --presentation --predict
# Presentation mode on a 1280x720 projector, on the firewall scenario as the firewall resets the
# established flow: the state strip in place of Figure 5, marks that keep their state names whole.
shot viz-presentation 1280x720 scenarios/11-firewall-reject.scn --at 54 --presentation
# A typo in a scenario: the file still opens, with the error on its line in the editor.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
