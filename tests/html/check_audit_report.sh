#!/usr/bin/env bash
# Renders the HTML report of `ntm audit` on the bundled communes in headless Chromium and checks
# that it loads with no console message, that its three charts and the commune details are in the
# rendered page, and that the findings link to commune details. Keeps a screenshot in ARTIFACTS.
set -u
ntm=$1 root=$2 artifacts=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
cd "$root" || exit 2
fail() { echo "check_audit_report: $*" >&2; exit 1; }

command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"
"$ntm" audit communes --thin-margin 2 --report "$work/report.html" >/dev/null || fail "ntm audit failed"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile")
timeout 120 chromium "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$work/report.html" \
  >"$work/dom.html" 2>"$work/log.txt" || fail "chromium did not render the report"
if grep -q ":CONSOLE" "$work/log.txt"; then
  grep ":CONSOLE" "$work/log.txt" >&2
  fail "the page wrote to the console"
fi
for id in chart-status chart-buckets chart-criteria summary districts findings c0 c14; do
  grep -q "id=\"$id\"" "$work/dom.html" || fail "rendered page has no element id=\"$id\""
done
[ "$(grep -o '<rect class="bar"' "$work/dom.html" | wc -l)" -ge 28 ] || fail "charts have fewer bars than expected"
grep -q 'href="#c0"' "$work/dom.html" || fail "findings do not link to commune details"
grep -q "Huyện Trà Cú" "$work/dom.html" || fail "Vietnamese text did not survive rendering"
timeout 120 chromium "${flags[@]}" --window-size=1200,1800 --screenshot="$artifacts/audit-report.png" \
  "file://$work/report.html" >/dev/null 2>&1 || fail "chromium could not take a screenshot"
[ -s "$artifacts/audit-report.png" ] || fail "empty screenshot"
echo "audit report renders: 3 charts, commune details, no console messages; screenshot $artifacts/audit-report.png"
