#!/usr/bin/env bash
# Runs one hostile-input case: tests/hostile/<case>/ holds `cmd` (the arguments to ntm, one line,
# shell words), the inputs, and the expectations `stdout`, `stderr` and `exit` (the format of
# tests/cli/run_case.sh: a missing stdout or stderr must be empty, a missing exit means 0).
# The case runs in a scratch folder holding a copy of its inputs:
# - a case whose cmd reads the folder `rules` (`rules check rules`, `--rules rules`) finds there the
#   demo rules (tests/hostile/rules-demo/), with the case's own `rules/` files added or put in
#   their place; other cases use the bundled rules;
# - `gen.sh`, if present, runs there first and generates the inputs too big to keep in the
#   repository (200 MB, 100,000 nested elements, 10 MB attributes). NTM_SOURCE_DIR is the root.
# Every input must come out unchanged and untouched. NTM_UPDATE_GOLDEN=1 rewrites the expectations.
set -u
ntm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") case_dir=$(cd "$2" && pwd) root=$(cd "$3" && pwd)
name=$(basename "$case_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/run" "$work/actual"
run=$work/run
if grep -qE -- '(--rules rules|rules check rules)( |$)' "$case_dir/cmd"; then
  cp -R "$root/tests/hostile/rules-demo" "$run/rules"
fi
for entry in "$case_dir"/*; do
  case $(basename "$entry") in
  cmd | stdout | stderr | exit | gen.sh) ;;
  rules) cp -R "$entry/." "$run/rules/" ;;
  *) cp -R "$entry" "$run/" ;;
  esac
done
if [ -f "$case_dir/gen.sh" ]; then
  (cd "$run" && NTM_SOURCE_DIR=$root bash "$case_dir/gen.sh") || { echo "$name: gen.sh failed" >&2; exit 1; }
fi
# Inputs get an old time stamp, so that any write, even of the same bytes, shows.
find "$run" -type f -exec touch -d '2020-01-01 00:00:00' {} +
(cd "$run" && find . -type f -exec cksum {} + | sort) >"$work/before"
eval "set -- $(cat "$case_dir/cmd")"
(cd "$run" && NTM_RULES= timeout 120 "$ntm" "$@") >"$work/actual/stdout" 2>"$work/actual/stderr"
echo $? >"$work/actual/exit"
if [ "${NTM_UPDATE_GOLDEN:-}" = 1 ]; then
  for f in stdout stderr; do
    if [ -s "$work/actual/$f" ]; then cp "$work/actual/$f" "$case_dir/$f"; else rm -f "$case_dir/$f"; fi
  done
  cp "$work/actual/exit" "$case_dir/exit"
  exit 0
fi
status=0
for f in stdout stderr; do
  expected="$case_dir/$f"
  [ -f "$expected" ] || expected=/dev/null
  if ! cmp -s "$expected" "$work/actual/$f"; then
    diff -u "$expected" "$work/actual/$f" | head -c 20000
    echo "$name: $f differs" >&2
    status=1
  fi
done
expected_exit=0
[ -f "$case_dir/exit" ] && expected_exit=$(cat "$case_dir/exit")
if [ "$expected_exit" != "$(cat "$work/actual/exit")" ]; then
  echo "$name: exit status $(cat "$work/actual/exit"), expected $expected_exit" >&2
  status=1
fi
# Inputs are read only: the same bytes, and not written to (their time stamp is still old).
while read -r sum size file; do
  if [ ! -f "$run/$file" ] || [ "$(cd "$run" && cksum "$file")" != "$sum $size $file" ] ||
    [ -n "$(find "$run/$file" -newermt '2020-01-02')" ]; then
    echo "$name: input $file was changed or written to" >&2
    status=1
  fi
done <"$work/before"
exit $status
