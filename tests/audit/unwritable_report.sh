#!/usr/bin/env bash
# A report path that cannot be written is a clear error before any work is done: no rules loaded,
# no submission read (--verbose would log both), nothing left behind, exit status 2.
# A read-only folder is made with a read-only bind mount in a private mount namespace, where
# `unshare -m` is allowed (as root, a chmod'ed folder would still be writable); paths under a
# file, under a missing folder and in /proc are checked everywhere.
set -u
ntm=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "unwritable-report: $*" >&2; exit 1; }
cd "$root" || exit 2

# expect REPORT-OPTION PATH MESSAGE [PREFIX...]: `ntm audit` fails with exactly MESSAGE.
expect() {
  local option=$1 path=$2 message=$3
  shift 3
  "$@" "$ntm" --verbose audit communes "$option" "$path" >"$work/stdout" 2>"$work/stderr"
  local status=$?
  [ "$status" = 2 ] || fail "$path: exit status $status, expected 2"
  [ ! -s "$work/stdout" ] || fail "$path: something on stdout: $(head -3 "$work/stdout")"
  [ "$(cat "$work/stderr")" = "ntm: error: cannot write '$path': $message" ] ||
    fail "$path: unexpected stderr: $(cat "$work/stderr")"
}

expect --report "$work/missing/report.html" "No such file or directory"
touch "$work/file"
expect --json "$work/file/report.json" "Not a directory"
expect --csv /proc/report.csv "No such file or directory"
expect --report /proc/version/report.html "Not a directory"

if unshare -m true 2>/dev/null; then
  mkdir "$work/ro"
  # The inner script mounts, runs ntm through `expect`'s prefix, and the mount ends with it.
  cat >"$work/in-namespace.sh" <<'INNER'
mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 3
shift
exec "$@"
INNER
  expect --report "$work/ro/report.html" "Read-only file system" unshare -m bash "$work/in-namespace.sh" "$work/ro"
  [ -z "$(ls -A "$work/ro")" ] || fail "files left in the read-only folder"
  echo "unwritable-report: read-only folder (bind mount), missing folder, file, /proc: all refused before any work"
else
  echo "unwritable-report: unshare -m is not allowed here: read-only bind mount not tested;" \
    "missing folder, file and /proc refused before any work"
fi
