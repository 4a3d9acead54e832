#!/usr/bin/env bash
# ctest's door to the web page's tests (tests/web/CMakeLists.txt):
#   run.sh setup NODE_DIR SITE         install playwright-core (npm ci, from package-lock.json) in NODE_DIR
#   run.sh codec                        the share-link codec under Node (node --test)
#   run.sh page NODE_DIR SITE NAME...   page.test.mjs's tests NAME... in headless Chromium
# Exit 77 (ctest: skipped, never passed) where emscripten, Chromium or Node.js is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${TCPSIM_CHROMIUM:-/usr/lib/chromium/chromium}
skip() {
  echo "skipped: $*"
  exit 77
}
command -v node >/dev/null 2>&1 || skip "Node.js is not installed (the web tests run in it)"
what=${1:?setup, codec or page}
[ "$what" = codec ] && exec node --test "$here/share.test.mjs"

node_dir=${2:?NODE_DIR} site=${3:?SITE}
shift 3
[ -x "$chromium" ] || skip "Chromium is not installed ($chromium; apt-get install chromium)"
if [ ! -f "$site/tcpsim.wasm" ]; then
  command -v em++ >/dev/null 2>&1 || skip "emscripten is not installed, so there is no web page to test (make web)"
  echo "no web page in $site: build it with make web" >&2
  exit 1
fi
case $what in
  setup)
    command -v npm >/dev/null 2>&1 || skip "npm is not installed (it installs playwright-core)"
    mkdir -p "$node_dir"
    node_dir=$(cd "$node_dir" && pwd)
    # Installed again only when the lock file changed.
    if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" || [ ! -d "$node_dir/node_modules/playwright-core" ]; then
      cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
      (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
    fi
    echo "playwright-core $(node -p "require('$node_dir/node_modules/playwright-core/package.json').version") in $node_dir"
    ;;
  page)
    [ -d "$node_dir/node_modules/playwright-core" ] || { echo "playwright-core is not installed: the web:setup test failed" >&2; exit 1; }
    export TCPSIM_WEB_NODE=$(cd "$node_dir" && pwd) TCPSIM_CHROMIUM=$chromium
    exec node "$here/page.test.mjs" "$site" "$@"
    ;;
  *)
    echo "run.sh: unknown $what" >&2
    exit 2
    ;;
esac
