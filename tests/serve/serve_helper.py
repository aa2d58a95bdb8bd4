"""Starts `ntm serve` on a free loopback port for a test and talks HTTP to it (standard library only)."""
import http.client
import json
import os
import signal
import subprocess
import sys
import urllib.parse


class Server:
    """`ntm serve --port 0` as a child process; `stop()` ends it with SIGTERM and returns its stderr."""

    def __init__(self, ntm, root, *extra, env=None):
        self.process = subprocess.Popen([ntm, "serve", "--port", "0", "--rules", os.path.join(root, "rules"), *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith("http://127.0.0.1:"):
            raise RuntimeError("ntm serve did not print its address: %r %s" % (line, self.process.stderr.read()))
        self.url = line
        self.port = int(line.rsplit(":", 1)[1].strip("/"))

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers as a dict with lowercase names, body bytes)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def post(self, path, body, content_type):
        return self.request("POST", path, body, {"Content-Type": content_type})

    def post_files(self, path, files):
        """POSTs `files` [(filename, bytes)] as multipart/form-data."""
        boundary = "ntmtestboundary7d1f3a"
        parts = []
        for name, data in files:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"files\"; filename=\"%s\"\r\n"
                          "Content-Type: application/octet-stream\r\n\r\n" % (boundary, name)).encode() + data + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        return self.post(path, body, "multipart/form-data; boundary=" + boundary)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            _, stderr = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, stderr.decode(errors="replace")


def query(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def error_of(body):
    return json.loads(body)["error"]


class Checks:
    """Counts checks; a failed one is printed and the run goes on, so that one run shows them all."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, what, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s%s" % (what, ("\n  " + str(detail)) if detail else ""), file=sys.stderr)

    def equal(self, actual, expected, what):
        self.check(actual == expected, what, "expected %r\n  got      %r" % (expected, actual))

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)
