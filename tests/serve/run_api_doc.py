"""Runs the examples of docs/api.md against a live `ntm serve`. In the document:
  <!-- body: NAME -->   the fenced block that follows is written to NAME in a scratch folder;
  <!-- curl -->         the fenced block that follows is a shell command (curl, with $NTM the server's
                        address without its final /) run in that folder, which also holds communes/;
                        the fenced block after it is its exact stdout (CRLF read as LF), or its
                        beginning when that block's last line is `…`.
NTM_UPDATE_DOCS=1 rewrites each expected output from what the command printed (whole outputs stay
whole; a `…` block keeps as many lines as it had). Usage: run_api_doc.py NTM DOC ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_helper import Server  # noqa: E402

ntm, doc, root = (os.path.abspath(a) for a in sys.argv[1:4])
update = os.environ.get("NTM_UPDATE_DOCS") == "1"
with open(doc, encoding="utf-8") as f:
    lines = f.read().split("\n")

scratch = tempfile.mkdtemp(prefix="ntm-api-doc-")
shutil.copytree(os.path.join(root, "communes"), os.path.join(scratch, "communes"))
server = Server(ntm, root)
env = dict(os.environ, NTM=server.url.rstrip("/"))
failed = ran = 0
out = []
i = 0


def fenced(start):
    """The text of the fenced block opening at or after `start`, and the index after it."""
    while not lines[start].startswith("```"):
        out.append(lines[start])
        start += 1
    out.append(lines[start])
    end = start + 1
    while not lines[end].startswith("```"):
        end += 1
    return "\n".join(lines[start + 1:end]) + "\n", start, end


try:
    while i < len(lines):
        line = lines[i]
        body = re.fullmatch(r"<!-- body: (\S+) -->", line)
        if body:
            out.append(line)
            text, start, end = fenced(i + 1)
            with open(os.path.join(scratch, body.group(1)), "w", encoding="utf-8") as f:
                f.write(text)
            out.extend(lines[start + 1:end + 1])
            i = end + 1
            continue
        if line == "<!-- curl -->":
            out.append(line)
            command, start, end = fenced(i + 1)
            out.extend(lines[start + 1:end + 1])
            expected, start, expected_end = fenced(end + 1)
            ran += 1
            done = subprocess.run(["bash", "-c", command], cwd=scratch, env=env, capture_output=True)
            # CSV ends its rows with CRLF, as spreadsheets do; the document shows them as lines.
            actual = done.stdout.decode(errors="replace").replace("\r\n", "\n")
            prefix = expected.endswith("…\n")
            if prefix:
                kept = expected.count("\n") - 1
                want = expected[:-2]
                ok = actual.startswith(want)
                new = "".join(actual.splitlines(keepends=True)[:kept]) + "…\n"
            else:
                ok = actual == expected
                new = actual
            if not ok and not update:
                failed += 1
                print("%s: '%s' printed something else:\n--- expected\n%s--- got\n%s%s" % (
                    doc, command.strip(), expected, actual, done.stderr.decode(errors="replace")), file=sys.stderr)
            out.extend((new if update else expected).rstrip("\n").split("\n"))
            out.append(lines[expected_end])
            i = expected_end + 1
            continue
        out.append(line)
        i += 1
finally:
    code, stderr = server.stop()
    shutil.rmtree(scratch, ignore_errors=True)
if code != 0 or stderr:
    print("ntm serve exited %d: %s" % (code, stderr), file=sys.stderr)
    failed += 1
if update:
    with open(doc, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print("%s: expectations rewritten" % doc)
    sys.exit(0)
if ran == 0:
    print("%s: no example ran" % doc, file=sys.stderr)
    failed += 1
print("%s: %d example(s) checked, %d failed" % (doc, ran, failed))
print("%d passed, %d failed" % (ran - min(failed, ran), failed))
sys.exit(1 if failed else 0)
