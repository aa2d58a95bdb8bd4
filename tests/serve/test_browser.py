"""The commune page of `ntm serve` in headless Chromium, driven over the DevTools protocol: fills a
commune that meets all 19 criteria, sees "ntm" and 19/19, raises the poverty rate past its
ceiling, sees 18/19 and the gap; a commune named <script> shows as text. On the province page, audits
two uploads and shows the summary and the HTML report, the <script> name as text. Any console error,
uncaught exception or dialog fails the test. Keeps screenshots in ARTIFACTS/serve-commune.png and
ARTIFACTS/serve-province.png.
Usage: test_browser.py NTM ROOT ARTIFACTS (needs chromium and python3-websocket, scripts/setup.sh)"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(__file__))
from serve_helper import Checks, Server  # noqa: E402

ntm, root, artifacts = (os.path.abspath(a) for a in sys.argv[1:4])
os.makedirs(artifacts, exist_ok=True)
checks = Checks()


class Page:
    """One page target over the DevTools protocol; events are kept, errors among them counted."""

    def __init__(self, url):
        self.socket = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.problems = []

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self.event(message)

    def event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.problems.append("console.%s: %s" % (params["type"], [a.get("value") for a in params["args"]]))
        elif method == "Runtime.exceptionThrown":
            self.problems.append("exception: %s" % params["exceptionDetails"])
        elif (method == "Log.entryAdded" and params["entry"]["level"] == "error"
              and params["entry"].get("source") != "network"):  # a 400 while typing is an answer, not a fault
            self.problems.append("log: %s" % params["entry"]["text"])
        elif method == "Page.javascriptDialogOpening":
            self.problems.append("dialog: %s" % params["message"])
            self.send("Page.handleJavaScriptDialog", accept=True)

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression[:80], result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, what, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.js(expression):
                return True
            time.sleep(0.1)
        checks.check(False, "timed out waiting for " + what, self.js(
            "JSON.stringify({status: document.getElementById('status-code').textContent, "
            "count: document.getElementById('criteria-count').textContent, "
            "errors: document.getElementById('errors').textContent})"))
        return False


def start_chromium(profile):
    chromium = shutil.which("chromium")
    if not chromium:
        print("test_browser: chromium is not installed (scripts/setup.sh installs it)", file=sys.stderr)
        sys.exit(1)
    process = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.time() + 60
    while not os.path.exists(port_file) or not open(port_file).read().strip():
        if time.time() > deadline or process.poll() is not None:
            raise RuntimeError("chromium did not open its DevTools port")
        time.sleep(0.1)
    port = int(open(port_file).read().split()[0])
    return process, port


server = Server(ntm, root)
profile = tempfile.mkdtemp(prefix="ntm-browser-")
browser = None
try:
    browser, port = start_chromium(profile)
    targets = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port))
    page = Page([t for t in targets if t["type"] == "page"][0]["webSocketDebuggerUrl"])
    for domain in ("Runtime", "Page", "Log", "DOM"):
        page.send(domain + ".enable")
    page.send("Emulation.setDeviceMetricsOverride", width=1400, height=1700, deviceScaleFactor=1, mobile=False)
    page.send("Page.navigate", url=server.url)
    page.wait_for("document.body && document.body.dataset.ready === 'true'", "the page to start")

    # The figures of a commune that meets all 19 criteria, typed into the form as a person would.
    with open(os.path.join(root, "communes", "tra-cu-2023", "an-quang-huu.xml"), "rb") as f:
        status, _, body = server.post("/api/submission?format=json", f.read(), "application/xml")
    figures = json.loads(body)
    page.js("""(async () => {
      const set = (id, value, kind) => { const e = document.getElementById(id); e.value = value;
                                         e.dispatchEvent(new Event(kind || 'input', {bubbles: true})); };
      set('province', %s, 'change'); set('region', %s, 'change'); set('year', %s, 'change');
    })()""" % (json.dumps(figures["commune"]["province"]), json.dumps(figures["region"]), figures["year"]))
    page.wait_for("state.rules && state.rules.year === %d && document.getElementById('v-xa-ntm-11') !== null"
                  % figures["year"], "the form of the year's rules")
    filled = page.js("""(() => {
      const figures = %s;
      const type = (id, value) => { const e = document.getElementById(id); e.value = value;
                                    e.dispatchEvent(new Event('input', {bubbles: true})); };
      type('code', figures.commune.code); type('name', figures.commune.name);
      type('district', figures.commune.district);
      let count = 0;
      for (const [ref, values] of Object.entries(figures.sets)) {
        for (const [code, value] of Object.entries(values)) {
          const input = document.getElementById('v-' + ref + '-' + code);
          if (!input) { continue; }
          const text = typeof value === 'object'
            ? (value.value !== undefined ? value.value : value.numerator + '/' + value.denominator) : value;
          if (input.type === 'checkbox') { input.checked = text === 'dat'; } else { input.value = text; }
          input.dispatchEvent(new Event(input.type === 'checkbox' ? 'change' : 'input', {bubbles: true}));
          count += 1;
        }
      }
      return count;
    })()""" % json.dumps(figures))
    checks.check(filled >= 40, "typed the commune's figures into the form", filled)
    if page.wait_for("document.getElementById('status-code').textContent === 'ntm' && "
                     "document.getElementById('criteria-count').textContent === '19/19'", "ntm and 19/19"):
        checks.check(True, "the page shows ntm and 19/19")

    # Poverty past its ceiling: 18/19, and the gap is listed.
    ceiling = page.js("""state.rules.sets[0].criteria.flatMap(c => c.indicators).find(i => i.code === '11')
                         .target.value""")
    page.js("""(() => { const e = document.getElementById('v-xa-ntm-11'); e.value = '%s';
                        e.dispatchEvent(new Event('input', {bubbles: true})); })()""" % (ceiling + 2))
    if page.wait_for("document.getElementById('criteria-count').textContent === '18/19'", "18/19"):
        checks.check(True, "the page shows 18/19 once poverty is past its ceiling")
    gap = page.js("""(() => { const item = document.querySelector('#failing li[data-code="11"]');
                              return item ? item.textContent : null; })()""")
    checks.check(gap is not None and "còn thiếu 2 %" in gap, "indicator 11 is listed with its gap of 2", gap)
    checks.equal(page.js("document.getElementById('status-code').textContent"), "chua-dat",
                 "the status falls below ntm")
    checks.check(page.js("document.getElementById('r-xa-ntm-11').classList.contains('not-met')"),
                 "the poverty row is marked not met")

    # A commune named <script> is shown as text and runs nothing.
    page.js("""(() => { const e = document.getElementById('name'); e.value = '<script>alert(1)</script><img src=x onerror=alert(2)>';
                        e.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    page.wait_for("document.getElementById('print-summary').textContent.includes('<script>alert(1)</script>')",
                  "the name in the print summary")
    checks.equal(page.js("document.querySelectorAll('#print-summary script, #print-summary img').length"), 0,
                 "the name made no element")

    # Back to the commune's own name for the screenshot.
    page.js("""(() => { const e = document.getElementById('name'); e.value = %s;
                        e.dispatchEvent(new Event('input', {bubbles: true})); })()""" % json.dumps(figures["commune"]["name"]))
    page.wait_for("document.getElementById('print-summary').textContent.includes(%s)"
                  % json.dumps(figures["commune"]["name"]), "the name back")
    # The print view: the one-page summary an official signs.
    pdf = base64.b64decode(page.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"])
    with open(os.path.join(artifacts, "serve-commune-print.pdf"), "wb") as f:
        f.write(pdf)
    checks.equal(len(re.findall(rb"/Type\s*/Page[^s]", pdf)), 1, "the print view is one A4 page")
    page.send("Emulation.setEmulatedMedia", media="print")
    shot = page.send("Page.captureScreenshot", format="png")
    with open(os.path.join(artifacts, "serve-commune-print.png"), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    page.send("Emulation.setEmulatedMedia", media="")
    shot = page.send("Page.captureScreenshot", format="png")
    path = os.path.join(artifacts, "serve-commune.png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    checks.check(os.path.getsize(path) > 10000, "screenshot kept at " + path)

    # The province page: two submissions uploaded, one of a commune named <script>; the audit's
    # summary and its HTML report show the name as text.
    with open(os.path.join(root, "communes", "tra-cu-2023", "ngoc-bien.xml"), "rb") as f:
        sample = f.read()
    uploads = [os.path.join(profile, "ngoc-bien.xml"), os.path.join(profile, "xss.xml")]
    with open(uploads[0], "wb") as f:
        f.write(sample)
    with open(uploads[1], "wb") as f:
        f.write(sample.replace("Xã Ngọc Biên".encode(), b"&lt;script&gt;alert(1)&lt;/script&gt;")
                      .replace(b'code="29116"', b'code="29117"'))
    page.send("Page.navigate", url=server.url + "province")
    page.wait_for("document.body && document.body.dataset.ready === 'true' && location.pathname === '/province'",
                  "the province page")
    document = page.send("DOM.getDocument")
    files = page.send("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#files")
    page.send("DOM.setFileInputFiles", files=uploads, nodeId=files["nodeId"])
    page.js("document.getElementById('run').click()")
    page.wait_for("document.querySelectorAll('#communes tr').length === 2", "the audit's summary")
    checks.equal(page.js("document.querySelectorAll('#communes tr')[1].children[1].textContent"),
                 "<script>alert(1)</script>", "the province page shows the name as text")
    page.js("document.getElementById('view-html').click()")
    page.wait_for("document.getElementById('report').srcdoc.length > 1000", "the HTML report")
    report = page.js("document.getElementById('report').srcdoc")
    checks.check("&lt;script&gt;alert(1)&lt;/script&gt;" in report and "<script>alert(1)" not in report,
                 "the HTML report escapes the name")
    checks.equal(page.js("document.getElementById('report').getAttribute('sandbox')"), "",
                 "the report is shown in a sandbox that runs no script")
    time.sleep(0.5)
    shot = page.send("Page.captureScreenshot", format="png")
    with open(os.path.join(artifacts, "serve-province.png"), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    time.sleep(0.3)
    page.send("Runtime.evaluate", expression="1")  # collect the last events
    checks.equal(page.problems, [], "no console error, exception or dialog")
    page.send("Browser.close")
finally:
    if browser:
        try:
            browser.wait(timeout=30)
        except subprocess.TimeoutExpired:
            browser.kill()
    shutil.rmtree(profile, ignore_errors=True)
    code, stderr = server.stop()
checks.equal((code, stderr), (0, ""), "ntm serve exits cleanly")
checks.finish()
