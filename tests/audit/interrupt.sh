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
  # The reports' temporary files are made before any work: once they are there, the audit is under
  # way, and the signal comes long before its 4,000 files are done. (A fixed wait was not: a faster
  # build or machine finished first.)
  for _ in $(seq 1000); do
    [ -n "$(ls -A "$work/out")" ] && break
    sleep 0.01
  done
  [ -n "$(ls -A "$work/out")" ] || fail "$signal: the audit made no temporary report in 10 s"
  kill -s "$signal" "$pid" || fail "$signal: the audit had ended before the signal: $(cat "$work/stderr")"
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
