#!/usr/bin/env bash
# Ctrl-C and SIGTERM during `ntm audit` leave no report and no temporary file, exit 130, and leave
# the inputs untouched.
set -u
ntm=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "interrupt: $*" >&2; exit 1; }
mkdir -p "$work/in" "$work/out"
for i in $(seq 1 4000); do
  cp "$root/communes/tra-cu-2023/tan-hiep.xml" "$work/in/c$i.xml"
done
sum_before=$(cat "$work"/in/*.xml | md5sum)
touch -d '2020-01-01 00:00:00' "$work"/in/*.xml
for signal in INT TERM; do
  "$ntm" audit "$work/in" --jobs 1 --report "$work/out/r.html" --json "$work/out/r.json" --csv "$work/out/r.csv" \
    >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  sleep 2
  kill -s "$signal" "$pid"
  wait "$pid"
  status=$?
  [ "$status" = 130 ] || fail "$signal: exit status $status, expected 130: $(cat "$work/stderr")"
  grep -q "ntm: interrupted: no report written" "$work/stderr" || fail "$signal: no interruption message: $(cat "$work/stderr")"
  leftovers=$(ls -A "$work/out")
  [ -z "$leftovers" ] || fail "$signal: files left behind: $leftovers"
done
[ "$(cat "$work"/in/*.xml | md5sum)" = "$sum_before" ] || fail "inputs changed"
[ -z "$(find "$work/in" -type f -newermt '2020-01-02')" ] || fail "inputs were touched"
echo "interrupt: SIGINT and SIGTERM stop the audit with status 130 and leave nothing behind"
