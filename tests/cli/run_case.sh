#!/usr/bin/env bash
# Runs one golden CLI case: tests/cli/<case>/cmd holds the arguments to ntm (one line, shell
# words, run from the repository root); stdout, stderr and exit hold what must come out.
# A missing stdout or stderr file means that stream must be empty; a missing exit file means 0.
# NTM_UPDATE_GOLDEN=1 rewrites the expectations from the actual output instead of comparing.
set -u
ntm=$1 case_dir=$2 root=$3
cd "$root" || exit 2
actual=$(mktemp -d)
trap 'rm -rf "$actual"' EXIT
eval "set -- $(cat "$case_dir/cmd")"
NTM_RULES= "$ntm" "$@" >"$actual/stdout" 2>"$actual/stderr"
echo $? >"$actual/exit"
if [ "${NTM_UPDATE_GOLDEN:-}" = 1 ]; then
  for f in stdout stderr; do
    if [ -s "$actual/$f" ]; then cp "$actual/$f" "$case_dir/$f"; else rm -f "$case_dir/$f"; fi
  done
  cp "$actual/exit" "$case_dir/exit"
  exit 0
fi
status=0
for f in stdout stderr; do
  expected="$case_dir/$f"
  [ -f "$expected" ] || expected=/dev/null
  if ! diff -u "$expected" "$actual/$f"; then
    echo "$(basename "$case_dir"): $f differs" >&2
    status=1
  fi
done
expected_exit=0
[ -f "$case_dir/exit" ] && expected_exit=$(cat "$case_dir/exit")
if [ "$expected_exit" != "$(cat "$actual/exit")" ]; then
  echo "$(basename "$case_dir"): exit status $(cat "$actual/exit"), expected $expected_exit" >&2
  status=1
fi
exit $status
