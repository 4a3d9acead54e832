#!/usr/bin/env bash
# Every library scenario's SVG ladder diagram -- fault run and graceful twin, light and dark theme -- is
# well-formed XML according to a real parser (xmllint). Exits 77 (ctest: skipped) without xmllint.
#   check_svg_xml.sh TCPSIM-SVG-DUMP SCENARIO-DIR
set -uo pipefail

dump=$1
scenarios=$2
if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIPPED: xmllint not found (Debian package libxml2-utils); SVG well-formedness not checked"
  exit 77
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
checked=0
failed=0
for scn in "$scenarios"/*.scn; do
  name=$(basename "$scn" .scn)
  for theme in light dark; do
    for run in fault twin; do
      svg="$out/$name-$run-$theme.svg"
      args=(--theme "$theme")
      [ "$run" = twin ] && args+=(--twin)
      "$dump" "${args[@]}" "$scn" "$svg" 2>"$out/stderr"
      status=$?
      [ "$status" -eq 3 ] && continue  # no graceful twin
      if [ "$status" -ne 0 ]; then
        echo "FAIL: $name ($run, $theme): tcpsim-svg-dump exited $status: $(cat "$out/stderr")"
        failed=$((failed + 1))
        continue
      fi
      if ! xmllint --noout "$svg"; then
        echo "FAIL: $name ($run, $theme): not well-formed XML"
        failed=$((failed + 1))
        continue
      fi
      checked=$((checked + 1))
    done
  done
done

if [ "$checked" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL: no scenario found in $scenarios"
  exit 1
fi
echo "$checked SVG files well-formed, $failed failed"
[ "$failed" -eq 0 ]
