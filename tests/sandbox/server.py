# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP side of the sandbox: a threaded server on 127.0.0.1 that stops by itself, and the `serve` command."""
from __future__ import annotations

import argparse
import email.utils
import json
import os
import selectors
import shutil
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
import traceback

from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import api, control
from .state import SandboxState, utc_now

HOST = "127.0.0.1"
MAX_BODY = 1024 * 1024
DEFAULT_IDLE_TIMEOUT = 900.0
DEFAULT_MAX_LIFETIME = 3600.0
SECRET_QUERY_NAMES = ("token", "password", "secret", "auth", "key")


def loads(raw):
    """Strict JSON: UTF-8, no NaN or Infinity."""
    def refuse(name):
        raise ValueError("invalid JSON constant %s" % name)
    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


class Handler(BaseHTTPRequestHandler):
    """One connection; all state is in ``self.server.sandbox``. HTTP/1.1 keep-alive, always with Content-Length."""

    protocol_version = "HTTP/1.1"
    server_version = "sipgate-sandbox"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 120

    def date_time_string(self, timestamp=None):
        """The Date header on the API's clock (clock_offset_s)."""
        return email.utils.formatdate(self.server.sandbox.state.api_now().timestamp(), usegmt=True)

    def setup(self):
        super().setup()
        self.connection_id = self.server.sandbox.connection_opened(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.sandbox.connection_closed(self.connection_id)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        # Only the request line without its query, which may hold secrets; never headers or bodies.
        self.server.sandbox.log("conn %s %s" % (self.connection_id, (format % args).split("?", 1)[0]))

    def dispatch(self):
        sandbox = self.server.sandbox
        sandbox.activity(1)
        self.responded = False
        try:
            self.handle_request()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True
        except Exception:  # pylint: disable=broad-except
            sandbox.log("unhandled error:\n" + traceback.format_exc())
            self.close_connection = True
            if not self.responded:
                self.reply(api.error(500, "sandbox internal error"))
        finally:
            sandbox.activity(-1)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch

    def handle_request(self):
        # A target in absolute form (as sent to a proxy) has the same path.
        split = urlsplit(self.path)
        raw = self.read_body()
        if raw is None:
            return
        if split.path == "/_sandbox" or split.path.startswith("/_sandbox/"):
            reply = control.handle(self.server.sandbox, self.command, split.path[len("/_sandbox"):], raw, loads)
            if reply.after is not None:
                self.close_connection = True
            self.reply(reply)
            if reply.after is not None:
                # Only once the answer is written (wfile is unbuffered) does what it announces happen.
                self.wfile.flush()
                reply.after()
        elif split.path == "/v2" or split.path.startswith("/v2/"):
            self.api(split.path[len("/v2"):], split.query, raw)
        else:
            self.reply(api.error(404, "Not found"))

    def read_body(self):
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self.reply(api.error(501, "Transfer-Encoding is not supported; send Content-Length"))
            return None
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_BODY:
            self.close_connection = True
            self.reply(api.error(413 if size > MAX_BODY else 400, "invalid or too large Content-Length"))
            return None
        return self.rfile.read(size) if size else b""

    def api(self, path, query, raw):
        sandbox = self.server.sandbox
        try:
            body = loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        shown_body = dict(body, verificationCode="<redacted>") if isinstance(body, dict) and "verificationCode" in body else body
        entry = dict(time=utc_now(), connection=self.connection_id, method=self.command, path="/v2" + path,
                     query=_shown_query(query), auth_kind=_auth_kind(self.headers.get("Authorization")),
                     content_type=self.headers.get("Content-Type"), accept=self.headers.get("Accept"),
                     user_agent=self.headers.get("User-Agent"), body=shown_body, status=None, fault=None)
        sandbox.state.log_request(entry)
        latency = sandbox.state.config["latency_ms"]
        if latency:
            sandbox.sleep(latency / 1000.0)
        fault = sandbox.state.take_fault(self.command, path, body)
        reply = None
        if fault is None or fault["process"]:
            if fault is not None:
                sandbox.sleep(fault["process_delay_ms"] / 1000.0)
            reply = api.handle(sandbox.state, api.Request(self.command, path, self.headers, raw, query), loads)
        if fault is not None:
            entry["fault"] = fault["id"]
            sandbox.sleep(fault["delay_ms"] / 1000.0)
            if fault["action"] == "close":
                self.drop()
                return
            if fault["status"] is not None:
                reply = _fault_reply(fault)
        self.reply(reply, entry)

    def drop(self):
        """Close the connection without an answer."""
        self.responded = True
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def reply(self, reply, entry=None):
        self.responded = True
        if entry is not None:
            entry["status"] = reply.status
        payload = b""
        content_type = reply.headers.pop("Content-Type", None)
        if reply.status != 204 and reply.payload is not None:
            if isinstance(reply.payload, str):
                payload, content_type = reply.payload.encode("utf-8"), content_type or "text/plain; charset=utf-8"
            else:
                payload, content_type = json.dumps(reply.payload, ensure_ascii=False).encode("utf-8"), content_type or "application/json"
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if content_type and payload:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)


def _fault_reply(fault):
    status = fault["status"]
    if "body" in fault:
        payload = fault["body"]
    else:
        payload = {"status": status, "message": "%s (sandbox fault)" % _phrase(status)}
    reply = api.Reply(status, payload, {"Retry-After": fault["retry_after"]} if fault["retry_after"] is not None else {})
    if fault["content_type"]:
        reply.headers["Content-Type"] = fault["content_type"]
    return reply


def _phrase(status):
    """The reason phrase of ``status``; proxies' own codes, such as 520 and 524, have none in the standard library."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error %d" % status


def _auth_kind(header):
    if not header:
        return None
    scheme = header.strip().split(" ", 1)[0].lower()
    return scheme if scheme in ("basic", "bearer") else "other"


def _shown_query(query):
    items = [(name, "<redacted>" if any(word in name.lower() for word in SECRET_QUERY_NAMES) else value)
             for name, value in parse_qsl(query, keep_blank_values=True)]
    return urlencode(items) if items else None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, sandbox):
        self.sandbox = sandbox
        super().__init__(address, Handler)
        # stop() writes to this pair to end serve(): no polling interval, the loop wakes when it is told to.
        self._wake_read, self._wake_write = socket.socketpair()

    def serve(self):
        """Accept connections until wake(); each is handled in its own thread."""
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while True:
                ready = [key.fileobj for key, dummy in selector.select()]
                if self._wake_read in ready:
                    return
                self._handle_request_noblock()

    def wake(self):
        try:
            self._wake_write.send(b"x")
        except OSError:
            pass

    def server_close(self):
        super().server_close()
        self._wake_read.close()
        self._wake_write.close()

    def server_bind(self):
        # HTTPServer.server_bind would look up the host name, which can hang without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            self.sandbox.log("connection error:\n" + traceback.format_exc())


class SandboxServer(object):
    """The sandbox in this process: ``with SandboxServer() as sandbox: ... sandbox.api_url ... sandbox.state``.

    It listens on 127.0.0.1 only, and stops by itself after ``idle_timeout`` seconds without a request and after
    ``max_lifetime`` seconds in all.
    """

    def __init__(self, config=None, port=0, idle_timeout=None, max_lifetime=None, verbose=False):
        self.state = SandboxState(config)
        self.requested_port = port
        self.idle_timeout = idle_timeout
        self.max_lifetime = max_lifetime
        self.verbose = verbose
        self.stop_reason = None
        self._httpd = None
        self._serving = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._connections = {}
        self._counts = dict(connections=0, requests=0, inflight=0)
        self._started = self._last_activity = time.monotonic()

    def start(self):
        self._httpd = _HTTPServer((HOST, self.requested_port), self)
        self._started = self._last_activity = time.monotonic()
        self._serving = threading.Thread(target=self._httpd.serve, name="sandbox", daemon=True)
        self._serving.start()
        if self.idle_timeout or self.max_lifetime:
            threading.Thread(target=self._watch, name="sandbox-watch", daemon=True).start()
        self.log("listening on %s" % self.api_url)
        return self.api_url

    def stop(self, reason="stopped"):
        """Stop serving and close open keep-alive connections; safe to call more than once."""
        with self._lock:
            if self._httpd is None or self.stop_reason is not None:
                return
            self.stop_reason = reason
        self.log("stopping: %s" % reason)
        self._httpd.wake()
        if self._serving is not threading.current_thread():
            self._serving.join()
        with self._lock:
            sockets = list(self._connections.values())
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        self._stopped.set()

    def stop_soon(self, reason):
        """Stop from a request thread, after its answer went out."""
        threading.Thread(target=self.stop, args=(reason,), daemon=True).start()

    def wait(self, timeout=None):
        return self._stopped.wait(timeout)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def port(self):
        return self._httpd.server_address[1]

    @property
    def url(self):
        return "http://%s:%d" % (HOST, self.port)

    @property
    def api_url(self):
        return self.url + "/v2"

    def log(self, message):
        if self.verbose:
            sys.stderr.write("[sipgate-sandbox] %s\n" % message)
            sys.stderr.flush()

    def sleep(self, seconds):
        """Sleep, but wake up when the sandbox stops."""
        if seconds > 0:
            self._stopped.wait(seconds)

    def activity(self, change):
        with self._lock:
            self._last_activity = time.monotonic()
            self._counts["inflight"] += change
            self._counts["requests"] += max(change, 0)

    def connection_opened(self, sock):
        with self._lock:
            self._counts["connections"] += 1
            self._connections[self._counts["connections"]] = sock
            return self._counts["connections"]

    def connection_closed(self, connection_id):
        with self._lock:
            self._connections.pop(connection_id, None)

    def health(self):
        with self._lock:
            return dict(status="ok", pid=os.getpid(), api_url=self.api_url, uptime_s=round(time.monotonic() - self._started, 3),
                        connections_total=self._counts["connections"], connections_open=len(self._connections),
                        requests_total=self._counts["requests"])

    def _watch(self):
        """Sleep until the next deadline (idle or lifetime) or until the sandbox stops, whichever comes first."""
        while True:
            now = time.monotonic()
            with self._lock:
                busy = self._counts["inflight"] > 0
                idle_deadline = self._last_activity + self.idle_timeout if self.idle_timeout else None
            if self.max_lifetime and now >= self._started + self.max_lifetime:
                self.stop("max lifetime of %gs reached" % self.max_lifetime)
                return
            if idle_deadline is not None and not busy and now >= idle_deadline:
                self.stop("idle for %gs" % self.idle_timeout)
                return
            deadlines = [self._started + self.max_lifetime] if self.max_lifetime else []
            if idle_deadline is not None:
                # While a request runs, look again when it may have ended; activity moves the deadline on.
                deadlines.append(max(idle_deadline, now + (1.0 if busy else 0)))
            if self._stopped.wait(max(min(deadlines) - now, 0.001)):
                return


def _write_atomic(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".port.", dir=directory)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def serve(argv=None):
    """`python -m sandbox serve`: run until a signal, POST /_sandbox/shutdown, the idle timeout or the lifetime."""
    parser = argparse.ArgumentParser(prog="python -m sandbox serve", description="Run the local sipgate API sandbox on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 (default) picks a free one")
    parser.add_argument("--port-file", help="write the port to this file once listening (removed on exit)")
    parser.add_argument("--idle-timeout", type=float, default=DEFAULT_IDLE_TIMEOUT, help="stop after this many idle seconds (0: never)")
    parser.add_argument("--max-lifetime", type=float, default=DEFAULT_MAX_LIFETIME, help="stop after this many seconds (0: never)")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay every /v2 answer by this many milliseconds")
    parser.add_argument("--verbose", action="store_true", help="log method and path of each request to stderr")
    parser.add_argument("--run-directory", help="a directory of this sandbox (such as the one of --port-file), removed with all it "
                                                "holds when the sandbox exits")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535 or args.latency_ms < 0:
        parser.error("--port must be 0 to 65535 and --latency-ms at least 0")
    sandbox = SandboxServer(config={"latency_ms": args.latency_ms}, port=args.port, idle_timeout=args.idle_timeout or None,
                            max_lifetime=args.max_lifetime or None, verbose=args.verbose)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, frame: sandbox.stop_soon("signal %s" % signal.Signals(number).name))
    try:
        sandbox.start()
    except OSError as problem:
        sys.stderr.write("sipgate sandbox: cannot listen on %s:%d: %s\n" % (HOST, args.port, problem))
        return 1
    try:
        if args.port_file:
            _write_atomic(args.port_file, "%d\n" % sandbox.port)
        print("sipgate sandbox listening on %s" % sandbox.api_url, flush=True)
        sandbox.wait()
    finally:
        sandbox.stop("exiting")
        if args.port_file and os.path.exists(args.port_file):
            os.unlink(args.port_file)
        if args.run_directory:
            shutil.rmtree(args.run_directory, ignore_errors=True)
    return 0
