#!/usr/bin/env bash
# measure.sh N CMD...: starts CMD N times in a virtual X display (Xvfb) and
# prints how many ms pass until a visible window named "Giám sát" exists.
# Needs xvfb and xdotool (../shared/tools/setup-look-tools installs them).
n=$1; shift
disp=:$((100 + RANDOM % 800))
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
total=0
for i in $(seq $n); do
  start=$(date +%s%N)
  DISPLAY=$disp HOME=/tmp/home-startup LANG=vi_VN.UTF-8 "$@" >/dev/null 2>&1 & pid=$!
  DISPLAY=$disp xdotool search --sync --onlyvisible --name "Giám sát" >/dev/null 2>&1
  end=$(date +%s%N)
  ms=$(( (end-start)/1000000 )); total=$((total+ms)); echo "run $i: $ms ms"
  kill $pid; wait $pid 2>/dev/null
done
echo "mean: $((total/n)) ms"
kill $xvfb
