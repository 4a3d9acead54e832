#!/bin/bash
# The layering of docs/architecture.md, checked on the #include lines of the sources under ROOT:
#   - sim/ includes nothing of viz/ (neither "viz/..." nor a viz/model or viz/app header);
#   - sim/net and sim/trace include nothing of sim/scenario (the runner sits above the network);
#   - sim/ladder includes no GUI header (no ImGui, GL or GLFW): tcpsim links it;
#   - only sim/cli includes sim/kernel (Linux only; the browser build has no kernel-check);
#   - no source file of sim/ or viz/ is over 600 lines (a file is read in one sitting).
# Prints every breach as FILE:LINE: what, and exits 1 if there is one.
# usage: check_layers.sh ROOT
root=${1:?usage: check_layers.sh ROOT}
cd "$root" || exit 2
bad=0
breach() { echo "$1: $2"; bad=1; }

# The names viz/ gives its headers ("model/session.hpp", "app/app.hpp").
while IFS= read -r hit; do
  breach "${hit%%:#*}" "sim/ includes viz/ (${hit#*#include })"
done < <(grep -rnE '#include *"(viz|model|app)/' sim --include='*.hpp' --include='*.cpp')

while IFS= read -r hit; do
  breach "${hit%%:#*}" "net/ and trace/ sit below the scenario runner (${hit#*#include })"
done < <(grep -rnE '#include *"scenario/' sim/net sim/trace --include='*.hpp' --include='*.cpp')

# sim/kernel (Linux only, not in the browser build) is used by the tcpsim command alone.
while IFS= read -r hit; do
  breach "${hit%%:#*}" "only sim/cli may use sim/kernel, which the browser build lacks (${hit#*#include })"
done < <(grep -rnE '#include *"kernel/' sim viz --include='*.hpp' --include='*.cpp' | grep -vE '^sim/(kernel|cli)/')

while IFS= read -r hit; do
  breach "${hit%%:#*}" "sim/ladder is GUI-free (${hit#*#include })"
done < <(grep -rnE '#include *[<"](imgui|GL/|GLFW/|backends/|SFML/)' sim/ladder --include='*.hpp' --include='*.cpp')

while read -r n f; do
  [ "$f" = total ] && continue
  [ "$n" -gt 600 ] && breach "$f" "$n lines (at most 600)"
done < <(find sim viz -name '*.cpp' -o -name '*.hpp' | sort | xargs wc -l)

if [ $bad -eq 0 ]; then
  echo "layers: sim/ includes nothing of viz/, net/ and trace/ nothing of scenario/, sim/kernel only in sim/cli, sim/ladder no GUI; no source over 600 lines"
fi
exit $bad
