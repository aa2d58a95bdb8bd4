#!/usr/bin/env bash
# Renders the dependency graph of the bundled rules, as `ntm graph` exports it, with Graphviz
# (`dot -Tsvg`) and checks that dot accepts it without a warning and that the drawing holds the
# levels, the versions and the Vietnamese names. Keeps the SVG in ARTIFACTS.
set -u
ntm=$1 root=$2 artifacts=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
cd "$root" || exit 2
fail() { echo "render_dot: $*" >&2; exit 1; }

command -v dot >/dev/null || fail "dot is not installed (scripts/setup.sh installs graphviz)"
"$ntm" graph --rules rules >"$work/graph.dot" || fail "ntm graph failed"
"$ntm" graph --rules rules --set xa-ntm-kieu-mau --lang en >"$work/kieu-mau.dot" || fail "ntm graph --set failed"
for name in graph kieu-mau; do
  dot -Tsvg "$work/$name.dot" -o "$artifacts/graph-$name.svg" 2>"$work/$name.log" || {
    cat "$work/$name.log" >&2
    fail "dot could not render $name.dot"
  }
  if [ -s "$work/$name.log" ]; then
    cat "$work/$name.log" >&2
    fail "dot warned about $name.dot"
  fi
done
# dot writes '-' in titles as '&#45;'.
sed 's/&#45;/-/g' "$artifacts/graph-graph.svg" >"$work/graph.svg"
svg=$work/graph.svg
grep -q "<svg" "$svg" || fail "the output is not SVG"
for id in level:ntm level:ntm-kieu-mau set:xa-ntm@318-2022 set:huyen-ntm@320-2022 \
          indicator:xa-ntm@tra-vinh-1306-2022:10 "cluster_xa-ntm@tra-vinh-1306-2022"; do
  grep -q "<title>$id</title>" "$svg" || fail "no node or cluster '$id' in the drawing"
done
nodes=$(grep -c 'class="node"' "$svg")
[ "$nodes" -eq "$("$ntm" graph --rules rules --format json | grep -c '"kind": "[a-z]*", "key"')" ] ||
  fail "the drawing has $nodes nodes, not one per node of the graph"
grep -q "Thu nhập bình quân đầu người" "$svg" || fail "Vietnamese names did not survive rendering"
grep -q "kế thừa" "$svg" || fail "the extends edges are not labelled"
grep -q "× 1.1" "$artifacts/graph-kieu-mau.svg" || fail "the derived target edge has no factor"
echo "render_dot: rendered $nodes nodes"
