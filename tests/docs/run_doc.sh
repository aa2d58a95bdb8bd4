#!/usr/bin/env bash
# Runs the examples of one Markdown document as a test. In the document:
#   <!-- file: PATH -->        the fenced block that follows is written to PATH in a scratch folder;
#   <!-- run: ARGS -->         ntm ARGS runs in that folder (with the repository's rules/ copied in
#                              as bundled-rules/ and NTM_RULES=bundled-rules, and communes/ as is),
#                              and the fenced block
#                              that follows is its exact stdout; `<!-- run: ARGS (exit N) -->`
#                              expects exit status N (else 0).
# Paths in the output are those of the scratch folder, so examples name files relatively.
# NTM_UPDATE_DOCS=1 rewrites each expected output in the document from what ntm printed.
set -u
ntm=$1 doc=$2 root=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/rules" "$work/bundled-rules"
cp -r "$root/communes" "$work/communes"
status=0 ran=0
mode="" target="" block="" in_block=0 args="" want_exit=0
updated=""
while IFS= read -r line || [ -n "$line" ]; do
  if [ $in_block = 1 ]; then
    if [[ $line == '```'* ]]; then
      in_block=0
      if [ "$mode" = file ]; then
        mkdir -p "$(dirname "$work/$target")"
        printf '%s' "$block" >"$work/$target"
        updated+="$block"
      elif [ "$mode" = run ]; then
        ran=$((ran + 1))
        actual=$(cd "$work" && eval "NTM_RULES=bundled-rules \"$ntm\" $args" 2>"$work/.stderr"; echo "exit=$?")
        got_exit=${actual##*exit=}
        actual=${actual%exit=*}
        updated+="$actual"
        if [ "$actual" != "$block" ]; then
          echo "$doc: 'ntm $args' printed something else:" >&2
          diff -u <(printf '%s' "$block") <(printf '%s' "$actual") >&2
          status=1
        fi
        if [ "$got_exit" != "$want_exit" ]; then
          echo "$doc: 'ntm $args' exited $got_exit, expected $want_exit; stderr:" >&2
          cat "$work/.stderr" >&2
          status=1
        fi
      else
        updated+="$block"
      fi
      updated+="$line"$'\n'
      mode=""
    else
      block+="$line"$'\n'
    fi
    continue
  fi
  updated+="$line"$'\n'
  if [[ $line =~ ^\<\!--\ file:\ (.+)\ --\>$ ]]; then
    mode=file target=${BASH_REMATCH[1]}
  elif [[ $line =~ ^\<\!--\ run:\ (.+)\ \(exit\ ([0-9]+)\)\ --\>$ ]]; then
    mode=run args=${BASH_REMATCH[1]} want_exit=${BASH_REMATCH[2]}
  elif [[ $line =~ ^\<\!--\ run:\ (.+)\ --\>$ ]]; then
    mode=run args=${BASH_REMATCH[1]} want_exit=0
  elif [[ $line == '```'* && -n $mode ]]; then
    in_block=1 block=""
  elif [[ $line == '```'* ]]; then
    in_block=1 block="" mode=verbatim
  fi
done <"$doc"
if [ $ran = 0 ] && grep -q '<!-- file:' "$doc"; then
  echo "$doc: files but no <!-- run: --> example" >&2
  status=1
fi
if [ "${NTM_UPDATE_DOCS:-}" = 1 ]; then
  printf '%s' "$updated" >"$doc"
  echo "$doc: expectations rewritten"
  exit 0
fi
echo "$doc: $ran example command(s) checked"
exit $status
