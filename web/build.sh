#!/usr/bin/env bash
# make web: the visualizer as a static web page in OUT (index.html, tcpsim.js, tcpsim.wasm, tcpsim.data
# and the page's two scripts), built with Debian's emscripten in OBJ (which also caches ImGui's
# sources). With "if-available" (make test), a machine without emscripten gets a note, not an error:
# the web tests then report themselves skipped.
#   web/build.sh [OUT [OBJ [if-available]]]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-web}
obj=${2:-build-web-obj}
mode=${3:-}
if ! command -v emcmake >/dev/null 2>&1 || ! command -v em++ >/dev/null 2>&1; then
  if [ "$mode" = if-available ]; then
    echo "tcpsim: no web page built: emscripten is not installed (make web installs it; the web tests say skipped)"
    exit 0
  fi
  echo "make web: emscripten is not installed (apt-get install emscripten, or make deps-web)" >&2
  exit 1
fi
# Emscripten's JavaScript tools need Debian's acorn, which a Node.js from elsewhere does not look for.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mkdir -p "$out" "$obj"
out_abs=$(cd "$out" && pwd)
obj_abs=$(cd "$obj" && pwd)
web/fetch-imgui.sh "$obj_abs/imgui-1.86"
emcmake cmake -S web -B "$obj_abs" -DTCPSIM_WEB_OUT="$out_abs" -DTCPSIM_IMGUI_DIR="$obj_abs/imgui-1.86" >/dev/null
cmake --build "$obj_abs" -j"${JOBS:-2}" --target tcpsim ${TARGETS:-}
total=0
for f in index.html share.js tcpsim-page.js tcpsim.js tcpsim.wasm tcpsim.data; do
  total=$((total + $(gzip -9 -c "$out/$f" | wc -c)))
done
echo "tcpsim: the web page is in $out/ ($(du -sh "$out" | cut -f1) on disk, $((total / 1024)) KB gzipped); serve it:" \
     "python3 -m http.server -d $out 8000, then open http://localhost:8000/"
