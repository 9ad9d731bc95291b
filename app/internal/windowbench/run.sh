#!/usr/bin/env bash
# run.sh GIAMSAT [DB]: what a person waits for on the real window, on the
# generated database (20,000 visits; made with -generate when DB is
# missing). Starts the GUI binary under Xvfb with GIAMSAT_TIMINGS, opens
# visits from the tree with the mouse and types into the search, then prints
# each measure's median and worst. Needs xvfb and xdotool
# (../shared/tools/setup-look-tools installs them). Figures: docs/benchmarks.md.
set -euo pipefail
bin=$(realpath "${1:?usage: run.sh GIAMSAT [DB]}")
work=$(mktemp -d /tmp/windowbench.XXXX)
db=${2:-$work/generated.db}
[[ -f $db ]] || "$bin" -db "$db" -generate 20000 >/dev/null
disp=:$((100 + RANDOM % 800))
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $app $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$disp
log=$work/timings.txt
# Starts: the first one on a new HOME also builds Fyne's caches (fonts), so
# it is not counted; then five, each to the tree filled.
for i in 0 1 2 3 4 5; do
  t=$work/start-$i.txt
  HOME=$work LANG=vi_VN.UTF-8 GIAMSAT_TIMINGS=$t "$bin" -db "$db" >"$work/app.log" 2>&1 & app=$!
  for _ in $(seq 100); do grep -q tree-filled "$t" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5; kill $app; wait $app 2>/dev/null || true
done
echo "first start on a new HOME: $(cat "$work/start-0.txt")"
cat "$work"/start-[1-5].txt > "$log"
HOME=$work LANG=vi_VN.UTF-8 GIAMSAT_TIMINGS=$work/session.txt "$bin" -db "$db" >"$work/app.log" 2>&1 & app=$!
for _ in $(seq 100); do grep -q tree-filled "$work/session.txt" 2>/dev/null && break; sleep 0.1; done
win=$(xdotool search --sync --onlyvisible --name "Giám sát" | head -1)
xdotool windowsize "$win" 1366 768; sleep 1
xdotool mousemove 17 128 click 1; sleep 1             # open the first delegation
for i in $(seq 10); do                                 # its first two visits, in turn
  xdotool mousemove 150 167 click 1; sleep 0.8
  xdotool mousemove 150 206 click 1; sleep 0.8
done
xdotool key ctrl+f; sleep 0.3
for round in 1 2 3; do
  for k in l u n g space n a m; do xdotool key "$k"; sleep 0.4; done
  for _ in $(seq 8); do xdotool key BackSpace; sleep 0.4; done
done
kill -0 $app                                           # still running
xdotool key ctrl+q; for _ in $(seq 50); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
grep -v '^tree-filled' "$work/session.txt" >> "$log" || true
awk '{ v[$1] = v[$1] " " $2 } END { for (k in v) print k, v[k] }' "$log" | while read -r name values; do
  sorted=$(tr ' ' '\n' <<<"$values" | sort -g | grep -v '^$')
  n=$(wc -l <<<"$sorted"); median=$(sed -n "$(( (n+1)/2 ))p" <<<"$sorted"); worst=$(tail -1 <<<"$sorted")
  printf '%-28s n=%-3s median %8s ms   worst %8s ms\n' "$name" "$n" "$median" "$worst"
done
