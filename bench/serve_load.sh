#!/usr/bin/env bash
# Load run of `ntm serve` (loopback only, bounded in time): wrk posts a typical submission to
# POST /api/evaluate while a second wrk posts malformed bodies that must all get 400. Records
# requests per second, latency percentiles and the server's RSS (VmRSS) at start, after a warm-up
# and after each measured round, then checks the server still answers and exits cleanly.
# Writes a Markdown section to OUT (default: stdout).
#
#   bench/serve_load.sh [NTM] [OUT]        NTM default build-serve-release/ntm (a Release build)
#   DURATION=20 bench/serve_load.sh …      seconds per measured round (warm-up: 5 s)
#   ROUNDS=4 bench/serve_load.sh …         measured rounds (default 4)
#   SERVE_ARGS="--slots 32" …              more options for ntm serve
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ntm=$(realpath "${1:-$root/build-serve-release/ntm}")
out=${2:-/dev/stdout}
duration=${DURATION:-20}
rounds=${ROUNDS:-4}
threads=2 connections=16
sample=communes/tra-cu-2023/ngoc-bien.xml
command -v wrk >/dev/null || { echo "serve_load: wrk is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$ntm" serve --port 0 --rules "$root/rules" ${SERVE_ARGS:-} >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 100); do
  [ -s "$work/stdout" ] && break
  sleep 0.1
done
url=$(head -n 1 "$work/stdout")
case $url in http://127.0.0.1:*) ;; *) echo "serve_load: ntm serve did not start: $(cat "$work/stderr")" >&2; exit 2 ;; esac
url=${url%/}
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

cat >"$work/good.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/xml"
local f = io.open("$root/$sample", "rb")
wrk.body = f:read("*a")
f:close()
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f p50=%.3f p90=%.3f p99=%.3f max=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat >"$work/bad.lua" <<'LUA'
-- Malformed bodies, in turn; every answer must be 400.
local bodies = {
  {"application/xml", "<submission"},
  {"application/xml", ""},
  {"application/xml", "\255\254<\0s\0u\0b\0"},
  {"application/xml", "<!DOCTYPE s [<!ENTITY a 'aaaa'>]><submission year='2023' region='dbscl'>&a;</submission>"},
  {"application/xml", "<submission year='20x3' region='mekong'><commune code='1'/></submission>"},
  {"text/csv", "year;2023\nregion;dbscl\n\"unterminated"},
  {"application/json", "{\"year\": 2023, \"region\": }"},
  {"application/json", "[1, 2, 3]"},
  {"application/json", "{\"year\": 2023, \"region\": \"dbscl\", \"commune\": {\"code\": \"29116\", \"name\": \"X\", \"district\": \"D\", \"province\": \"Trà Vinh\"}, \"sets\": {\"xa-ntm\": {\"11\": \"1e400\"}}}"},
}
local threads = {}
setup = function(thread) table.insert(threads, thread) end
local n = 0
not400 = 0
answered = 0
request = function()
  n = n % #bodies + 1
  return wrk.format("POST", "/api/evaluate", {["Content-Type"] = bodies[n][1]}, bodies[n][2])
end
response = function(status, headers, body)
  answered = answered + 1
  if status ~= 400 then not400 = not400 + 1 end
end
done = function(summary, latency, requests)
  local bad, total = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not400")
    total = total + thread:get("answered")
  end
  io.write(string.format("RESULT requests=%d answered=%d not400=%d p99=%.3f\n", summary.requests, total, bad,
    latency:percentile(99) / 1000))
end
LUA

field() { sed -n "s/.*RESULT.* $2=\([^ ]*\).*/\1/p" "$work/$1"; }
rss_start=$(rss)
wrk -t"$threads" -c"$connections" -d5s -s "$work/good.lua" "$url/api/evaluate" >"$work/warmup.txt"
rss_warm=$(rss)
declare -a rss_after
for round in $(seq "$rounds"); do
  wrk -t1 -c4 -d"${duration}s" -s "$work/bad.lua" "$url/api/evaluate" >"$work/bad$round.txt" &
  bad_pid=$!
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/good.lua" "$url/api/evaluate" \
    >"$work/good$round.txt"
  wait "$bad_pid"
  rss_after[$round]=$(rss)
done
alive=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/rules")
kill -TERM "$pid"
wait "$pid" && exit_status=0 || exit_status=$?
pid=""

{
  echo "## \`ntm serve\`: load run of \`POST /api/evaluate\`"
  echo
  echo "Measured by \`bench/serve_load.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Reproduce with:"
  echo
  echo '```sh'
  echo "cmake -S . -B build-serve-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNTM_BUILD_TESTS=OFF"
  echo "cmake --build build-serve-release --target ntm ntm-serve"
  echo "${SERVE_ARGS:+SERVE_ARGS=\"$SERVE_ARGS\" }DURATION=$duration ROUNDS=$rounds bench/serve_load.sh build-serve-release/ntm"
  echo '```'
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) online CPUs," \
       "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- Load average before the run's end: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the 2 cores)"
  echo "- ntm: \`$ntm\`, $(grep -m1 CMAKE_BUILD_TYPE "$(dirname "$ntm")/CMakeCache.txt" 2>/dev/null | cut -d= -f2) build;" \
       "server options: ${SERVE_ARGS:-the defaults} (defaults: 32 connection threads, evaluation slots = cores), loopback, wrk $(wrk -v 2>&1 | head -n1 | cut -d' ' -f2)"
  echo "- Source: git commit \`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\`" \
       "$( [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo "with uncommitted changes" || echo "(clean)")"
  echo "- Body: \`$sample\` ($(wc -c <"$root/$sample") bytes, XML, $(grep -c "<indicator" "$root/$sample") indicators), \`Content-Type: application/xml\`"
  echo "- Each round: wrk $threads threads, $connections connections, ${duration} s on the sample, and at the same time" \
       "wrk 1 thread, 4 connections posting 9 malformed bodies in turn (bad XML, empty, UTF-16, DOCTYPE entities," \
       "bad values, bad CSV, bad JSON); warm-up first: 5 s of the sample alone"
  echo
  echo "| round | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | malformed sent | malformed answered | not 400 | malformed p99 ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for round in $(seq "$rounds"); do
    requests=$(field "good$round.txt" requests)
    seconds=$(field "good$round.txt" seconds)
    echo "| $round | $requests | $(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }') |" \
         "$(field "good$round.txt" p50) | $(field "good$round.txt" p90) | $(field "good$round.txt" p99) |" \
         "$(field "good$round.txt" max) | $(field "good$round.txt" non2xx) | $(field "good$round.txt" socket_errors) |" \
         "$(field "bad$round.txt" requests) | $(field "bad$round.txt" answered) | $(field "bad$round.txt" not400) |" \
         "$(field "bad$round.txt" p99) |"
  done
  echo
  echo "| server RSS (VmRSS) | KiB |"
  echo "| --- | ---: |"
  echo "| at start (rules loaded) | $rss_start |"
  echo "| after the 5 s warm-up | $rss_warm |"
  for round in $(seq "$rounds"); do
    echo "| after round $round | ${rss_after[$round]} |"
  done
  echo
  echo "After the run the server answered \`GET /api/rules\` with $alive and exited with status $exit_status on SIGTERM" \
       "(stderr: $( [ -s "$work/stderr" ] && echo "$(wc -l <"$work/stderr") lines" || echo empty))."
} >"$out"
[ "$alive" = 200 ] && [ "$exit_status" = 0 ]
