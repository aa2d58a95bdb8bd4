"""API tests of `ntm serve` (docs/api.md): every endpoint against the CLI's own output, every error
status with its whole message, an XSS attempt and path traversal attempts; the server must still
answer at the end and leave no sanitizer report. Usage: test_api.py NTM ROOT"""
import glob
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_helper import Checks, Server, error_of, query  # noqa: E402

ntm, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
samples = os.path.join(root, "communes", "tra-cu-2023")
rules = os.path.join(root, "rules")
checks = Checks()


def cli(*args, cwd=samples):
    """`ntm ARGS` in the samples folder: (exit status, stdout, stderr)."""
    done = subprocess.run([ntm, *args, "--rules", rules], cwd=cwd, capture_output=True)
    return done.returncode, done.stdout, done.stderr.decode()


def read(name):
    with open(os.path.join(samples, name), "rb") as f:
        return f.read()


# The server's own temporary folder, so that other tests running at the same time do not show here.
server_tmp = tempfile.mkdtemp(prefix="ntm-api-test-")
server = Server(ntm, root, env=dict(os.environ, TMPDIR=server_tmp))
try:
    # The pages and their files, each with the page's policy; scripts only from the page itself.
    for path, kind in [("/", "text/html"), ("/province", "text/html"), ("/assets/commune.js", "text/javascript"),
                       ("/assets/style.css", "text/css")]:
        status, headers, body = server.request("GET", path)
        checks.equal(status, 200, "GET " + path)
        checks.check(headers.get("content-type", "").startswith(kind), "GET %s is %s" % (path, kind), headers)
        checks.check("script-src 'self'" in headers.get("content-security-policy", ""), "GET %s has a CSP" % path)
        checks.equal(headers.get("x-content-type-options"), "nosniff", "GET %s nosniff" % path)

    # GET /api/rules: the pickers, then the sets in force.
    status, _, body = server.request("GET", "/api/rules")
    pickers = json.loads(body)
    checks.equal(status, 200, "GET /api/rules")
    checks.equal(pickers["provinces"], ["Trà Vinh"], "provinces named by the rules")
    checks.equal([r["code"] for r in pickers["regions"]], ["tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl"],
                 "regions")
    checks.equal([level["id"] for level in pickers["levels"]], ["ntm", "ntm-nang-cao", "ntm-kieu-mau"], "levels")
    status, _, body = server.request("GET", query("/api/rules", province="Trà Vinh", year=2023, region="dbscl"))
    form = json.loads(body)
    checks.equal(status, 200, "GET /api/rules for Trà Vinh 2023")
    checks.equal([s["ref"] for s in form["sets"]], ["xa-ntm", "xa-ntm-nang-cao", "xa-ntm-kieu-mau"], "sets in force")
    checks.equal(len(form["sets"][0]["criteria"]), 19, "19 criteria")
    poverty = [i for c in form["sets"][0]["criteria"] for i in c["indicators"] if i["code"] == "11"][0]
    checks.equal((poverty["type"], poverty["target"]["op"], poverty["target"]["verified"]), ("percent", "le", False),
                 "indicator 11 is a percent with an unverified ceiling")
    status, _, body = server.request("GET", query("/api/rules", province="Trà Vinh", year=2023, region="dbscl",
                                                  **{"special-difficulty": "true"}))
    checks.equal(json.loads(body)["target_region"], "tdmnpb", "a specially difficult commune gets TDMNPB targets")

    # POST /api/evaluate: byte for byte what `ntm evaluate --format json` prints, for XML and CSV.
    for name in ["ngoc-bien.xml", "tan-hiep.xml", "../../tests/data/tan-hiep-2023.csv"]:
        code, expected, _ = cli("evaluate", "--format", "json", name)
        if name.startswith("../"):  # the CLI names the file as given, the API by its upload's name
            expected = expected.replace(name.encode(), os.path.basename(name).encode())
        kind = "text/csv" if name.endswith(".csv") else "application/xml"
        status, headers, body = server.post(query("/api/evaluate", name=name), read(name), kind)
        checks.equal(status, 200, "POST /api/evaluate " + name)
        checks.equal(headers.get("content-type"), "application/json", "evaluate answers JSON")
        checks.check(body == expected, "POST /api/evaluate %s is byte-identical to ntm evaluate" % name)
    code, expected, _ = cli("evaluate", "--format", "json", "--lang", "en", "--set", "11=150/3874", "ngoc-bien.xml")
    status, _, body = server.post(query("/api/evaluate", name="ngoc-bien.xml", lang="en", set="11=150/3874"),
                                  read("ngoc-bien.xml"), "application/xml")
    checks.check(status == 200 and body == expected, "what-if with set= and lang=en matches the CLI")

    # The same submission in all three forms gives the same verdict.
    status, _, as_json = server.post_files("/api/submission?format=json", [("ngoc-bien.xml", read("ngoc-bien.xml"))])
    checks.equal(status, 200, "POST /api/submission?format=json")
    _, expected, _ = cli("evaluate", "--format", "json", "ngoc-bien.xml")
    status, _, body = server.post(query("/api/evaluate", name="ngoc-bien.xml"), as_json, "application/json")
    checks.check(status == 200 and body == expected, "the JSON form evaluates like the XML", body[:300])
    for form_name, kind in [("xml", "application/xml"), ("csv", "text/csv")]:
        status, headers, text = server.post("/api/submission?format=" + form_name, as_json, "application/json")
        checks.equal(status, 200, "JSON form to " + form_name)
        checks.equal(headers.get("content-disposition"), 'attachment; filename="29116-2023.%s"' % form_name,
                     form_name + " is offered as a download")
        status, _, body = server.post(query("/api/evaluate", name="ngoc-bien.xml"), text, kind)
        checks.check(status == 200 and body == expected, "the saved %s evaluates like the original" % form_name)
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "saved." + form_name)
            with open(path, "wb") as f:
                f.write(text)
            code, _, err = cli("evaluate", path)
            checks.equal((code, err), (0, ""), "ntm evaluate reads the saved " + form_name)

    # POST /api/plan: what `ntm plan --format json` prints.
    for args in [[], ["--year", "2025"], ["--target", "ntm-nang-cao", "--lang", "en"]]:
        _, expected, _ = cli("plan", "--format", "json", "tan-hiep.xml", *args)
        params = {args[i].lstrip("-"): args[i + 1] for i in range(0, len(args), 2)}
        status, _, body = server.post(query("/api/plan", **params), read("tan-hiep.xml"), "application/xml")
        checks.check(status == 200 and body == expected, "POST /api/plan %s matches ntm plan" % args, body[:300])

    # POST /api/audit: ntm audit's reports of the same files.
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(samples, "*.xml")))
    files = [(n, read(n)) for n in names]
    with tempfile.TemporaryDirectory() as scratch:
        for report, option in [("json", "--json"), ("csv", "--csv"), ("html", "--report")]:
            out = os.path.join(scratch, "audit." + report)
            cli("audit", *names, "--jobs", "1", option, out)
            with open(out, "rb") as f:
                expected = f.read()
            status, headers, body = server.post_files("/api/audit?format=" + report, files)
            checks.equal(status, 200, "POST /api/audit?format=" + report)
            checks.check(body == expected, "audit %s report is the one ntm audit writes" % report)
    status, headers, _ = server.post_files("/api/audit?format=html", files)
    checks.equal(headers.get("content-security-policy", "").split(";")[0], "default-src 'none'",
                 "the audit's HTML report may run no script")

    # A zip archive of submissions: its *.xml and *.csv, sorted by path, other entries left out.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            z.writestr("tra-cu/" + name, read(name))
        z.writestr("README.txt", "not a submission")
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "audit.json")
        cli("audit", *names, "--jobs", "1", "--json", out)
        with open(out, "rb") as f:
            expected = f.read()
    status, _, body = server.post_files("/api/audit", [("batch.zip", archive.getvalue())])
    checks.check(status == 200 and body == expected, "a zip is audited like its files", body[:200])
    status, _, body = server.post("/api/audit", archive.getvalue(), "application/zip")
    checks.check(status == 200 and body == expected, "a zip as the body is audited too", body[:200])
    status, _, body = server.post_files("/api/audit", [("bad.zip", b"PK\x03\x04 not really")])
    checks.equal((status, error_of(body)), (400, {
        "code": "bad-archive", "message": "archive 'bad.zip' cannot be read: Not a zip archive",
        "messages": ["archive 'bad.zip' cannot be read: Not a zip archive"]}), "a damaged zip gets 400")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b" " * (65 * 1024 * 1024))
    status, _, body = server.post_files("/api/audit", [("bomb.zip", bomb.getvalue())])
    checks.equal((status, error_of(body)["message"]), (413, "the archive holds more than 64 MiB of submissions"),
                 "a zip bomb gets 413 (%d bytes compressed)" % len(bomb.getvalue()))
    status, _, body = server.post_files("/api/evaluate", [("batch.zip", archive.getvalue())])
    checks.equal(status, 415, "a zip is for audits only")

    # 400: a malformed submission gets the CLI's messages, named after the upload.
    bad = b'<submission year="2023" region="dbscl">\n  <commune code="29116" name="X" district="D" province="Tr\xc3\xa0 Vinh"/>\n  <set ref="xa-ntm"><indicator code="11" value="abc"/><indicator code="99" value="1"/></set>\n</submission>\n'
    with tempfile.TemporaryDirectory() as scratch:
        with open(os.path.join(scratch, "bad.xml"), "wb") as f:
            f.write(bad)
        code, _, stderr = cli("evaluate", "bad.xml", cwd=scratch)
    checks.equal(code, 2, "ntm evaluate refuses bad.xml")
    status, _, body = server.post("/api/evaluate?name=bad.xml", bad, "application/xml")
    checks.equal(status, 400, "a malformed submission gets 400")
    checks.equal(error_of(body)["messages"], stderr.splitlines(), "the 400's messages are the CLI's")
    checks.equal(error_of(body), {"code": "not-a-number",
                                  "message": "bad.xml:3:49: value 'abc' of indicator '11' is not a number",
                                  "messages": ["bad.xml:3:49: value 'abc' of indicator '11' is not a number",
                                               "bad.xml:3:72: unknown indicator '99' in set 'xa-ntm'"]},
                 "the whole 400 answer")
    status, _, body = server.post("/api/evaluate", b"<submission", "application/xml")
    checks.equal((status, error_of(body)["messages"]), (400, ["request:1:11: malformed XML: error parsing start element tag"]),
                 "malformed XML is named 'request' with line:column")
    status, _, body = server.post("/api/evaluate", b'{"year": 2023,\n "region": }', "application/json")
    checks.equal((status, error_of(body)["message"]),
                 (400, "request:2:12: malformed JSON: syntax error while parsing value - unexpected '}'; "
                       "expected '[', '{', or a literal"), "malformed JSON with line:column")
    status, _, body = server.post("/api/evaluate", json.dumps({
        "year": 23, "region": "dbscl", "commune": {"code": "2911", "name": "X", "district": "D", "province": "Trà Vinh"},
        "colour": "red", "sets": {"xa-ntm": {"11": "3.5", "4.2": "3200/3125", "2.1": True}}}).encode(), "application/json")
    checks.equal((status, error_of(body)["messages"]), (400, [
        "request#/colour: unknown key 'colour' (keys: year, region, special-difficulty, commune, claim, sets)",
        "request#/year: key 'year' must be a year such as 2024, not '23'",
        "request#/commune/code: commune code '2911' must be 5 digits",
    ]), "the JSON form's problems, each at its JSON pointer")
    status, _, body = server.post("/api/evaluate", json.dumps({
        "year": 2023, "region": "dbscl", "commune": {"code": "29116", "name": "X", "district": "D", "province": "Trà Vinh"},
        "sets": {"xa-ntm": {"11": "3,5", "4.2": "3200/3125", "2.1": True}}}).encode(), "application/json")
    checks.equal((status, error_of(body)["messages"]), (400, [
        "request#/sets/xa-ntm/11: value '3,5' of indicator '11' is not a number: use '.' as the decimal mark and no thousands separator",
        "request#/sets/xa-ntm/4.2: numerator 3200 is larger than denominator 3125 for indicator '4.2'",
        "request#/sets/xa-ntm/2.1: indicator '2.1' must have text, a number or an object, not boolean",
    ]), "the JSON form's values get the loaders' checks and messages")
    for path, expected in [
        (query("/api/rules", province="Trà Vinh", year=2023, region="mekong"),
         "unknown region 'mekong' (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"),
        (query("/api/rules", province="Trà Vinh", year=1999, region="dbscl"),
         "no criteria set is in force for 'Trà Vinh' in 1999"),
        (query("/api/rules", year=2023, region="dbscl"), "missing parameter 'province'"),
        (query("/api/rules", year="soon"), "parameter 'year' must be a whole number, not 'soon'"),
    ]:
        status, _, body = server.request("GET", path)
        checks.equal((status, error_of(body)["message"]), (400, expected), "GET " + path)
    for path, expected in [
        ("/api/evaluate?lang=fr", "parameter 'lang' must be 'vi' or 'en', not 'fr'"),
        ("/api/plan?target=ntm-vip", "unknown level 'ntm-vip'"),
        ("/api/submission?format=pdf", "parameter 'format' must be 'xml', 'csv' or 'json', not 'pdf'"),
        ("/api/audit?format=pdf", "parameter 'format' must be 'json', 'html' or 'csv', not 'pdf'"),
    ]:
        if path.startswith("/api/audit"):
            status, _, body = server.post_files(path, [("ngoc-bien.xml", read("ngoc-bien.xml"))])
        else:
            status, _, body = server.post(path, read("tan-hiep.xml"), "application/xml")
        checks.equal((status, error_of(body)), (400, {"code": "bad-parameter", "message": expected,
                                                      "messages": [expected]}), "POST " + path)
    field = b'--b0\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b0--\r\n'
    status, _, body = server.post("/api/audit", field, "multipart/form-data; boundary=b0")
    checks.equal((status, error_of(body)["message"]), (400, "no file given: send the submissions as multipart/form-data"),
                 "an audit needs files")
    status, _, body = server.post_files("/api/evaluate", [("a.xml", b"<a/>"), ("b.xml", b"<b/>")])
    checks.equal((status, error_of(body)["message"]), (400, "one submission at a time, not 2"),
                 "evaluate takes one submission")

    # 404, 405, 413, 415.
    status, _, body = server.request("GET", "/nope")
    checks.equal((status, error_of(body)), (404, {"code": "not-found", "message": "no page or API at '/nope'",
                                                  "messages": ["no page or API at '/nope'"]}), "404")
    for method, path, allowed in [("GET", "/api/evaluate", "POST"), ("PUT", "/api/audit", "POST"),
                                  ("DELETE", "/api/rules", "GET"), ("POST", "/", "GET")]:
        status, headers, body = server.request(method, path, b"" if method != "GET" else None)
        message = "'%s' takes %s, not %s" % (path, allowed, method)
        checks.equal((status, error_of(body)["message"]), (405, message), "405 for %s %s" % (method, path))
        checks.check(headers.get("allow", "").startswith(allowed), "405 names what is allowed", headers)
    status, _, body = server.post("/api/evaluate", b" " * (8 * 1024 * 1024 + 1), "application/xml")
    checks.equal((status, error_of(body)), (413, {"code": "too-large", "message": "the request is larger than 8 MiB",
                                                  "messages": ["the request is larger than 8 MiB"]}), "413 above 8 MiB")
    status, _, body = server.post_files("/api/audit", [("big.xml", b" " * (66 * 1024 * 1024))])
    checks.equal((status, error_of(body)["message"]), (413, "the request is larger than 64 MiB"),
                 "413 above the audit limit")
    status, _, body = server.post("/api/evaluate", b"year;2023", "text/plain")
    checks.equal((status, error_of(body)), (415, {
        "code": "unsupported-media-type",
        "message": "'text/plain' is not a submission: send application/xml, text/csv, application/json or "
                   "multipart/form-data with a .xml, .csv or .json file",
        "messages": ["'text/plain' is not a submission: send application/xml, text/csv, application/json or "
                     "multipart/form-data with a .xml, .csv or .json file"]}), "415 for text/plain")
    status, _, body = server.post_files("/api/audit", [("report.pdf", b"%PDF")])
    checks.equal((status, error_of(body)["message"]),
                 (415, "file 'report.pdf' is not a submission: send application/xml, text/csv, application/json or "
                       "multipart/form-data with a .xml, .csv or .json file"), "415 for a .pdf upload")

    # XSS: a commune named <script> is text in every HTML the server returns.
    xss = read("ngoc-bien.xml").replace(b'name="X\xc3\xa3 Ng\xe1\xbb\x8dc Bi\xc3\xaan"',
                                        b'name="&lt;script&gt;alert(1)&lt;/script&gt;"')
    checks.check(xss != read("ngoc-bien.xml"), "the XSS sample was made")
    status, headers, body = server.post_files("/api/audit?format=html", [("<img src=x onerror=alert(2)>.xml", xss)])
    checks.equal(status, 200, "audit of a commune named <script>")
    checks.check(b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body,
                 "the commune's name is escaped in the HTML report")
    checks.check(b"<img src=x" not in body, "the upload's name is escaped in the HTML report")
    status, headers, body = server.post("/api/evaluate", xss, "application/xml")
    checks.equal(json.loads(body)["commune"]["name"], "<script>alert(1)</script>", "JSON keeps the name as data")
    checks.equal(headers.get("content-type"), "application/json", "and is served as JSON, not HTML")

    # No request names a file on the server.
    for path in ["/assets/../../../../etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/assets/%2e%2e/CMakeLists.txt", "/assets//etc/passwd", "/assets/"]:
        status, _, body = server.request("GET", path)
        checks.check(status in (400, 404) and b"root:" not in body, "no file behind " + path, (status, body[:100]))
    status, _, body = server.post(query("/api/evaluate", name="../../etc/passwd"), read("ngoc-bien.xml"),
                                  "application/xml")
    checks.equal(json.loads(body)["file"], "passwd", "a name= is only a label")
    status, _, body = server.post("/api/evaluate?name=%FF%FEx%0A.xml", read("ngoc-bien.xml"), "application/xml")
    checks.equal((status, json.loads(body)["file"]), (200, "x.xml"), "a name's bytes that are not UTF-8 are dropped")
    target = os.path.join(tempfile.gettempdir(), "ntm-serve-traversal-test.xml")
    status, _, body = server.post_files("/api/audit", [("../../../../.." + target, read("ngoc-bien.xml"))])
    report = json.loads(body)
    checks.equal(report["communes"][0]["file"], "ntm-serve-traversal-test.xml", "an upload's path is cut to its name")
    checks.check(not os.path.exists(target), "an upload's path names no file on the server")
    checks.equal(os.listdir(server_tmp), [], "the audits left no temporary folder")

    # A character reference to a lone surrogate passes the UTF-8 check of the raw text; the
    # loader refuses the decoded value, as the CLI does: 400 with the same words.
    surrogate = read("ngoc-bien.xml").replace("Xã Ngọc Biên".encode(), b"&#xD800;")
    with tempfile.TemporaryDirectory() as scratch:
        with open(os.path.join(scratch, "s.xml"), "wb") as f:
            f.write(surrogate)
        code, _, stderr = cli("evaluate", "--format", "json", "s.xml", cwd=scratch)
    status, _, body = server.post("/api/evaluate?name=s.xml", surrogate, "application/xml")
    checks.equal((code, status, error_of(body)["messages"]), (2, 400, stderr.splitlines()),
                 "a reference to a surrogate is a 400 with the CLI's words")
    checks.equal(error_of(body)["message"],
                 "s.xml:12:31: attribute 'name' on <commune> refers to a character that is not valid text "
                 "(a surrogate such as &#xD800;)", "the whole message names the attribute and the reference")

    # Garbage on the socket, then the server still answers.
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(b"\x00\xff GARBAGE \r\n\r\n")
        raw.recv(1000)
    status, _, _ = server.request("GET", "/api/rules")
    checks.equal(status, 200, "the server still answers after everything above")
finally:
    code, stderr = server.stop()
    shutil.rmtree(server_tmp, ignore_errors=True)
checks.equal(code, 0, "ntm serve exits 0 on SIGTERM")
checks.equal(stderr, "", "ntm serve logged nothing on stderr: no fault, no sanitizer report")
checks.finish()
