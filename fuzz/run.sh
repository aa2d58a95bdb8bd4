#!/usr/bin/env bash
# Runs every fuzz target of BUILD_DIR (configured with -DNTM_BUILD_FUZZ=ON) for SECONDS each, two
# at a time, on a copy of fuzz/corpus/ (the repository is never written to). Fails on any finding:
# a crash, a sanitizer report, a leak, an input taking more than 1 s, an uncaught exception, or
# memory above 2 GB. Findings and logs are kept in BUILD_DIR/fuzz-findings/DATE-TIME/; copy each one to
# fuzz/regressions/TARGET/ once fixed, so that it runs as a regular test.
# usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -u
if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd) seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_rules fuzz_submission fuzz_csv fuzz_derived fuzz_json)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
findings="$build/fuzz-findings/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$findings"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

run_one() {
  local target=$1
  local binary="$build/fuzz/$target"
  if [ ! -x "$binary" ]; then
    echo "fuzz: $target: not built in $build" >"$findings/$target.log"
    echo 1 >"$work/$target.status"
    return
  fi
  mkdir -p "$work/$target"
  cp "$here/corpus/$target/"* "$here/regressions/$target/"* "$work/$target/" 2>/dev/null
  "$binary" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$here/xml.dict" -artifact_prefix="$findings/$target-" "$work/$target" >"$findings/$target.log" 2>&1
  echo $? >"$work/$target.status"
}

status=0
pids=()
for target in "${targets[@]}"; do
  run_one "$target" &
  pids+=($!)
  # Two at a time: CI has two cores.
  if [ ${#pids[@]} -eq 2 ]; then
    wait "${pids[@]}"
    pids=()
  fi
done
[ ${#pids[@]} -eq 0 ] || wait "${pids[@]}"

for target in "${targets[@]}"; do
  log="$findings/$target.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  found=$(ls "$findings" | grep -c "^$target-" || true)
  exit_status=$(cat "$work/$target.status")
  if grep -qE '(ERROR|SUMMARY): |ALARM: working on the last Unit' "$log" || [ "$found" != 0 ] ||
    [ "$exit_status" != 0 ]; then
    echo "fuzz: $target: FINDING after ${runs:-?} runs (exit status $exit_status); inputs and log in $findings"
    grep -E 'ERROR|SUMMARY|ALARM|Test unit written|terminate' "$log" | head -20
    tail -5 "$log"
    status=1
  elif [ -z "$runs" ]; then
    echo "fuzz: $target: did not run"
    tail -20 "$log"
    status=1
  else
    echo "fuzz: $target: ${seconds} s, $runs runs, no finding"
  fi
done
exit $status
