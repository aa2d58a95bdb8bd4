#!/usr/bin/env bash
# `ntm serve` is the program ntm-serve, found beside ntm: run from there with the arguments and
# --verbose; a clear error when it is missing; and ntm itself does not need the libraries that only
# the server uses (cpp-httplib with OpenSSL, libzip), which would cost every command's start.
set -u
ntm=$1 root=$2
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "serve-beside: $*" >&2; exit 1; }
cd "$root" || exit 2

# Its arguments reach it: its own help.
"$ntm" serve --help >"$work/help" 2>&1 || fail "ntm serve --help: exit status $?"
head -1 "$work/help" | grep -qx 'usage: ntm serve \[--bind ADDRESS\] \[--port N\] \[--rules DIR\] \[--threads N\] \[--slots N\]' ||
  fail "ntm serve --help printed: $(head -3 "$work/help")"
"$ntm" serve --port 70000 >"$work/stdout" 2>"$work/stderr"
status=$?
[ "$status" = 2 ] || fail "ntm serve --port 70000: exit status $status, expected 2"
[ "$(cat "$work/stderr")" = "ntm: error: --port must be from 0 to 65535, not 70000" ] ||
  fail "ntm serve --port 70000: unexpected stderr: $(cat "$work/stderr")"

# --verbose reaches it too: it logs the rules it loaded, then the address on stdout.
"$ntm" --verbose serve --port 0 >"$work/address" 2>"$work/log" &
server=$!
for _ in $(seq 100); do
  [ -s "$work/address" ] && break
  sleep 0.1
done
[ -s "$work/address" ] || fail "ntm --verbose serve --port 0 printed no address: $(cat "$work/log")"
kill "$server"
wait "$server" 2>/dev/null
server=
grep -q '^ntm: debug: loaded [0-9]* set versions' "$work/log" || fail "no debug log from the server: $(cat "$work/log")"

# Without ntm-serve beside it.
mkdir "$work/alone"
cp "$ntm" "$work/alone/ntm"
"$work/alone/ntm" serve --help >"$work/stdout" 2>"$work/stderr"
status=$?
[ "$status" = 2 ] || fail "ntm alone: exit status $status, expected 2"
[ ! -s "$work/stdout" ] || fail "ntm alone: something on stdout: $(head -3 "$work/stdout")"
[ "$(cat "$work/stderr")" = "ntm: error: cannot run '$work/alone/ntm-serve': No such file or directory" ] ||
  fail "ntm alone: unexpected stderr: $(cat "$work/stderr")"

# The libraries ntm needs.
needed=$(readelf -d "$ntm" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf listed no library that ntm needs"
for library in $needed; do
  case $library in
  libcpp-httplib* | libzip* | libssl* | libcrypto*) fail "ntm needs $library, a library of the server only" ;;
  esac
done
echo "serve-beside: ok"
