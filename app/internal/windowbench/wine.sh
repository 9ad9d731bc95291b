#!/usr/bin/env bash
# wine.sh GIAMSAT.EXE [-software-gl]: what a person waits for on the Windows
# build's window under Wine, on the sample database: a visit opened from the
# tree, a search keystroke repainted. With -software-gl the window is drawn
# by Mesa's softpipe (the mesa folder beside the program), as on a PC whose
# OpenGL cannot start. Prints each measure's median and worst. Needs wine,
# xvfb and xdotool. Figures: docs/benchmarks.md.
set -euo pipefail
exe=$(realpath "${1:?usage: wine.sh GIAMSAT.EXE [-software-gl]}")
shift
tools=$(realpath "$(dirname "$0")/../../../../shared/tools")
work=$(mktemp -d /tmp/windowbench-wine.XXXX)
export WINEPREFIX=${WINEPREFIX:-$HOME/.wine-giamsat} WINEDLLOVERRIDES=opengl32=n,b
db=$(winepath -w "$work/sample.db" 2>/dev/null)
"$tools/wine-run" "$exe" -db "$db" -sample >/dev/null 2>&1
disp=:$((100 + RANDOM % 800))
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true; pkill -f "giamsat.exe -db" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$disp
GIAMSAT_TIMINGS=$(winepath -w "$work/session.txt" 2>/dev/null) "$tools/wine-run" "$exe" -db "$db" "$@" >"$work/app.log" 2>&1 & app=$!
for _ in $(seq 300); do grep -q tree-filled "$work/session.txt" 2>/dev/null && break; sleep 0.2; done
sleep 2
# Under Wine without a window manager the window's top is 23 pixels down.
xdotool mousemove 22 151 click 1; sleep 1.5            # open the delegation
for i in $(seq 10); do                                 # its two visits, in turn
  xdotool mousemove 150 190 click 1; sleep 1.5
  xdotool mousemove 150 229 click 1; sleep 1.5
done
xdotool key ctrl+f; sleep 0.5
for round in 1 2 3; do
  for k in l u n g space n a m; do xdotool key "$k"; sleep 0.6; done
  for _ in $(seq 8); do xdotool key BackSpace; sleep 0.6; done
done
kill -0 $app
grep -v '^tree-filled' "$work/session.txt" | awk '{ v[$1] = v[$1] " " $2 } END { for (k in v) print k, v[k] }' |
  while read -r name values; do
    sorted=$(tr ' ' '\n' <<<"$values" | sort -g | grep -v '^$')
    n=$(wc -l <<<"$sorted"); median=$(sed -n "$(( (n+1)/2 ))p" <<<"$sorted"); worst=$(tail -1 <<<"$sorted")
    printf '%-28s n=%-3s median %8s ms   worst %8s ms\n' "$name" "$n" "$median" "$worst"
  done
