#!/usr/bin/env bash
# Puts Dear ImGui 1.86's sources in DIR (default build-web-obj/imgui-1.86), taken from Debian's source
# package of imgui: the same ImGui the desktop links (libimgui-dev 1.86+ds; Debian's one patch only
# adds a Makefile). Idempotent: a DIR that already holds them is left as it is.
#
# The deb-src entry exists only for this: it is written to a private apt directory (with its own
# package lists and cache, under DIR's parent), used for `apt-get source --download-only`, and removed
# after, so the machine's own apt configuration is never changed and no root is needed.
set -euo pipefail

dir=${1:-build-web-obj/imgui-1.86}
marker="$dir/.from-debian"
if [ -f "$marker" ] && [ -f "$dir/imgui.cpp" ] && [ -f "$dir/backends/imgui_impl_opengl3.cpp" ]; then
  exit 0
fi
for tool in apt-get tar; do
  command -v "$tool" >/dev/null || { echo "fetch-imgui: $tool is needed (Debian or Ubuntu)" >&2; exit 1; }
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { echo "fetch-imgui: $keyring is missing (apt-get install debian-archive-keyring)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-imgui.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
# The same archive and keyring as the machine's Debian entry; bookworm carries imgui 1.86+ds-1.
cat >"$work/parts/imgui-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: $keyring
EOF
apt_opts=(-qq
  -o Dir::Etc::SourceList=/dev/null
  -o Dir::Etc::SourceParts="$work/parts"
  -o Dir::State::Lists="$work/lists"
  -o Dir::Cache="$work/cache"
  -o Debug::NoLocking=1
  -o APT::Sandbox::User="$(id -un)")
echo "fetch-imgui: Debian's imgui source package (a deb-src entry for this download only)"
apt-get "${apt_opts[@]}" update
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only imgui=1.86+ds-1)
rm -f "$work/parts/imgui-src.sources"  # the entry is gone once the download is done

orig=$(ls "$work"/src/imgui_1.86*.orig.tar.xz)
mkdir -p "$work/x"
tar -xJf "$orig" -C "$work/x"
[ -f "$work/x/imgui-1.86/imgui.cpp" ] || { echo "fetch-imgui: $orig has no imgui-1.86/imgui.cpp" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mv "$work/x/imgui-1.86" "$dir"
basename "$orig" >"$marker"
echo "fetch-imgui: ImGui 1.86 sources in $dir"
