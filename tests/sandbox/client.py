# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one client of the sandbox: start and stop it, read what it received, change its account, inject faults.

From Python: ``SandboxProcess()`` runs a sandbox in a child process, ``SandboxClient(url)`` talks to a running one.
From a shell: ``python -m sandbox start|stop|outbox|requests|codes|reset|config|fault|expect|check-outbox``.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from .config import TOKEN, TOKEN_ID

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SandboxError(Exception):
    """The sandbox could not be started, or answered a control request with an error."""


class SandboxClient(object):
    """The control API of a running sandbox at ``url`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.api_url = self.url + "/v2"

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + "/_sandbox" + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as problem:
            raise SandboxError("%s /_sandbox%s: HTTP %d %s" % (method, path, problem.code, problem.read().decode("utf-8", "replace")))

    def health(self):
        return self.call("GET", "/health")

    def outbox(self):
        return self.call("GET", "/outbox")["items"]

    def clear_outbox(self):
        self.call("DELETE", "/outbox")

    def requests(self):
        return self.call("GET", "/requests")["items"]

    def verification_codes(self):
        return self.call("GET", "/verification-codes")["items"]

    def reset(self):
        self.call("POST", "/reset")

    def receive_sms(self, source, text, **fields):
        """Let the account receive an SMS from ``source``; ``fields``: target, created, sms_id, after_polls, in_reply_to."""
        spec = dict(fields, text=text)
        if source is not None:
            spec["source"] = source
        return self.call("POST", "/received-sms", [spec])["items"][0]

    def configure(self, patch):
        return self.call("PUT", "/config", patch)

    def add_fault(self, **rule):
        return self.add_faults([rule])[0]

    def add_faults(self, rules):
        return self.call("POST", "/faults", rules)["items"]

    def age_history(self, seconds):
        return self.call("POST", "/history/age", {"seconds": seconds})

    def clear_faults(self):
        self.call("DELETE", "/faults")

    def shutdown(self):
        self.call("POST", "/shutdown")


class SandboxProcess(object):
    """A sandbox in a child process on a free port; it stops by itself when idle, and with stop() or the with block."""

    token_id = TOKEN_ID
    token = TOKEN

    def __init__(self, idle_timeout=600, latency_ms=0, detach=False):
        # The run directory (port file and log) belongs to the sandbox: it removes it when it exits, however it stops,
        # and stop() removes it too, for a sandbox that had to be killed.
        self.run_directory = tempfile.mkdtemp(prefix="sipgate-sandbox-")
        port_file = os.path.join(self.run_directory, "port")
        self.log_path = os.path.join(self.run_directory, "sandbox.log")
        command = [sys.executable, "-m", "sandbox", "serve", "--port-file", port_file, "--idle-timeout", str(idle_timeout),
                   "--latency-ms", str(latency_ms), "--run-directory", self.run_directory]
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(command, cwd=PACKAGE_PARENT, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                             start_new_session=detach)
        self.pid = self._process.pid
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file):
            if self._process.poll() is not None or time.monotonic() > deadline:
                log_text = self.log()
                self.stop()
                raise SandboxError("the sandbox did not start:\n%s" % log_text)
            time.sleep(0.05)
        with open(port_file, encoding="utf-8") as handle:
            self.url = "http://127.0.0.1:%d" % int(handle.read())
        self.api_url = self.url + "/v2"
        self.client = SandboxClient(self.url)

    def log(self):
        """What the sandbox wrote so far; empty once it has stopped and removed its run directory."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except FileNotFoundError:
            return ""

    def stop(self):
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        remove_run_directory(self.run_directory)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


# --- the command line ----------------------------------------------------------------------------------------------------


def check_outbox(client, args):
    """The problems of the outbox against the options of `check-outbox`; an empty list when it matches."""
    outbox = client.outbox()
    problems = []
    texts = [sms["message"] for sms in outbox]
    if args.count is not None and len(outbox) != args.count:
        problems.append("expected %d SMS, the outbox has %d" % (args.count, len(outbox)))
    if args.posts is not None:
        posts = [entry for entry in client.requests() if entry["method"] == "POST" and entry["path"] == "/v2/sessions/sms"]
        if len(posts) != args.posts:
            problems.append("expected %d POST /v2/sessions/sms requests, the sandbox got %d" % (args.posts, len(posts)))
    if args.recipients is not None and sorted(sms["recipient"] for sms in outbox) != sorted(args.recipients.split(",")):
        problems.append("expected one SMS each to %s" % args.recipients)
    if len(set(texts)) > 1 and not args.several_texts:
        problems.append("the recipients got different texts")
    segments = _segment_counter() if args.max_segments is not None else None
    for sms in outbox:
        text = sms["message"]
        for field, expected in (("smsId", args.sms_id), ("sender", args.sender)):
            if expected is not None and sms[field] != expected:
                problems.append("SMS %d has %s %s, not %s" % (sms["id"], field, sms[field], expected))
        problems.extend("SMS %d lacks %r" % (sms["id"], part) for part in args.contains if part not in text)
        problems.extend("SMS %d contains %r" % (sms["id"], part) for part in args.absent if part in text)
        for check, expected, holds in (("start with", args.starts_with, text.startswith), ("end with", args.ends_with, text.endswith),
                                       ("equal", args.equals, text.__eq__)):
            if expected is not None and not holds(expected):
                problems.append("SMS %d does not %s %r" % (sms["id"], check, expected))
        if segments is not None and segments(text) > args.max_segments:
            problems.append("SMS %d takes %d parts, more than %d" % (sms["id"], segments(text), args.max_segments))
    return problems


def _segment_counter():
    """The SMS part count of the collection under test, so that the check counts exactly as the collection does.

    The collection's module_utils are plain Python; _gsm.py is loaded from the collection this sandbox belongs to.
    """
    import importlib.util  # pylint: disable=import-outside-toplevel
    path = os.path.join(os.path.dirname(PACKAGE_PARENT), "plugins", "module_utils", "_gsm.py")
    spec = importlib.util.spec_from_file_location("sipgate_io_gsm", path)
    gsm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gsm)
    return lambda text: gsm.message_info(text)["segments"]


def _parser():
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Run and drive the local sipgate API sandbox.")
    parser.add_argument("--url", default=os.environ.get("SANDBOX_URL"), help="root URL of a running sandbox (default: $SANDBOX_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run a sandbox in the foreground (see serve --help)", add_help=False)
    start = commands.add_parser("start", help="start a sandbox in the background and print shell assignments for eval")
    start.add_argument("--idle-timeout", type=float, default=600)
    start.add_argument("--latency-ms", type=float, default=0)
    commands.add_parser("stop", help="stop the sandbox of $SANDBOX_URL (and $SANDBOX_PID)")
    for name, text in (("outbox", "the accepted SMS"), ("requests", "the log of /v2 requests"), ("codes", "pending verification codes"),
                       ("reset", "forget everything and restore the start account"), ("health", "uptime and counters"),
                       ("clear-faults", "remove every fault rule")):
        commands.add_parser(name, help=text)
    commands.add_parser("config", help="merge a JSON config change").add_argument("patch", type=json.loads)
    commands.add_parser("fault", help="add a JSON fault rule or a list of them").add_argument("rules", type=json.loads)
    receive = commands.add_parser("receive-sms", help="let the account receive an SMS (an INCOMING entry of the history)")
    receive.add_argument("source", help="the number it comes from, such as +4915799940001")
    receive.add_argument("text")
    receive.add_argument("--to", dest="target", help="the account's number it goes to (default +4915799912345)")
    receive.add_argument("--at", dest="created", help="when it was received: ISO 8601 or Unix seconds (default now)")
    receive.add_argument("--after-polls", type=int, help="hold it back until this many GET /history have been answered")
    receive.add_argument("--in-reply-to", action="store_true", help="hold it back until the account texts SOURCE; {text} in TEXT quotes that SMS")
    expect = commands.add_parser("expect", help="exit 1 unless a Python expression over outbox, requests and codes holds")
    expect.add_argument("expression")
    check = commands.add_parser("check-outbox", help="exit 1 unless the outbox matches")
    check.add_argument("--count", type=int)
    check.add_argument("--posts", type=int, help="number of POST /v2/sessions/sms requests")
    check.add_argument("--recipients", help="comma-separated E.164 numbers that each got one SMS")
    check.add_argument("--sms-id")
    check.add_argument("--sender")
    check.add_argument("--contains", action="append", default=[])
    check.add_argument("--absent", action="append", default=[])
    check.add_argument("--starts-with")
    check.add_argument("--ends-with")
    check.add_argument("--equals")
    check.add_argument("--max-segments", type=int)
    check.add_argument("--several-texts", action="store_true", help="the SMS may differ")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        from .server import serve  # pylint: disable=import-outside-toplevel
        return serve(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "start":
        sandbox = SandboxProcess(idle_timeout=args.idle_timeout, latency_ms=args.latency_ms, detach=True)
        for name, value in (("SANDBOX_URL", sandbox.url), ("SANDBOX_API_URL", sandbox.api_url), ("SANDBOX_PID", sandbox.pid),
                            ("SANDBOX_RUN_DIR", sandbox.run_directory), ("SANDBOX_TOKEN_ID", TOKEN_ID), ("SANDBOX_TOKEN", TOKEN)):
            print("export %s=%s" % (name, shlex.quote(str(value))))
        return 0
    if not args.url:
        sys.stderr.write("python -m sandbox %s: no sandbox; set SANDBOX_URL or --url\n" % args.command)
        return 2
    client = SandboxClient(args.url)
    if args.command == "stop":
        return _stop(client)
    if args.command in ("expect", "check-outbox"):
        problems = _expectation(client, args) if args.command == "expect" else check_outbox(client, args)
        if problems:
            sys.stderr.write("sandbox check failed: %s\noutbox: %s\n" % ("; ".join(problems), json.dumps(client.outbox(), indent=2, ensure_ascii=False)))
            return 1
        return 0
    answers = dict(outbox=client.outbox, requests=client.requests, codes=client.verification_codes, health=client.health,
                   reset=lambda: client.reset() or {"status": "reset"}, config=lambda: client.configure(args.patch),
                   **{"clear-faults": lambda: client.clear_faults() or {"items": []}},
                   fault=lambda: client.add_faults(args.rules if isinstance(args.rules, list) else [args.rules]),
                   **{"receive-sms": lambda: client.receive_sms(args.source, args.text, **_received_fields(args))})
    print(json.dumps(answers[args.command](), indent=2, ensure_ascii=False))
    return 0


def _received_fields(args):
    fields = dict((name, getattr(args, name)) for name in ("target", "created", "after_polls") if getattr(args, name) is not None)
    if args.in_reply_to:
        fields["in_reply_to"] = args.source
    return fields


def _expectation(client, args):
    values = dict(outbox=client.outbox(), requests=client.requests(), codes=client.verification_codes())
    return [] if eval(args.expression, {}, values) else [args.expression]  # pylint: disable=eval-used


def _stop(client):
    pid = int(os.environ.get("SANDBOX_PID") or 0)
    try:
        client.shutdown()
    except (SandboxError, OSError):
        pass
    deadline = time.monotonic() + 10
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            pid = 0
            break
        time.sleep(0.05)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    # A sandbox removes its run directory as it exits; one that had to be killed could not.
    remove_run_directory(os.environ.get("SANDBOX_RUN_DIR"))
    return 0


def remove_run_directory(path):
    """Remove a sandbox's run directory (its port file and log), if it is still there."""
    if path and os.path.basename(os.path.normpath(path)).startswith("sipgate-sandbox-"):
        shutil.rmtree(path, ignore_errors=True)
