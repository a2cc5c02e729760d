#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local sipgate REST API v2 sandbox for tests and demos."""
from __future__ import annotations

import argparse
import base64
import binascii
import collections
import copy
import datetime
import fnmatch
import ipaddress
import json
import os
import re
import signal
import socket
import socketserver
import struct
import sys
import tempfile
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

__version__ = "1.0.0"

API_PREFIX = "/v2"
CONTROL_PREFIX = "/_sandbox"
MAX_BODY_BYTES = 1024 * 1024
DEFAULT_IDLE_TIMEOUT = 900.0
DEFAULT_MAX_LIFETIME = 3600.0
DEFAULT_LOG_LIMIT = 100000
CONNECTION_IDLE_TIMEOUT = 120

SCOPES_SEND_SMS = ("all", "sessions:write", "sessions:sms:write")
SCOPES_LIST_SMS = ("all", "sms:read")
SCOPES_CALLER_IDS = ("all", "sms:read", "sms:callerid:read")

RECIPIENT_RE = re.compile(r"^(?:\+|00)[0-9]{7,15}$")
SEND_AT_STRING_RE = re.compile(r"^[0-9]{1,15}$")
SECRET_QUERY_RE = re.compile(r"token|password|passwd|secret|auth|key", re.IGNORECASE)

DEFAULT_CALLER_IDS = [{"id": 0, "phonenumber": "sipgate", "verified": True, "defaultNumber": True}]

DEFAULT_CONFIG = {
    "user_id": "w0",
    "userinfo": {"sub": "w0", "domain": "sipgate.de", "masterSipId": "1234567", "locale": "de_DE"},
    "tokens": [
        {"token_id": "token-SANDBX", "token": "0b6c3b8e-5a1f-4c3e-9a57-5ad1b0c0ffee", "scopes": ["all"]},
    ],
    "logins": [
        {"username": "sandbox@example.com", "password": "sandbox-password", "scopes": ["all"]},
    ],
    "bearer_tokens": [
        {"name": "sandbox-bearer", "access_token": "sandbox-access-token", "scopes": ["all"]},
    ],
    "sms_extensions": [
        {"id": "s0", "alias": "SMS von Douglas Engelbart", "callerId": "+4915799912345"},
        {"id": "s1", "alias": "Ops alerts", "callerId": "sipgate"},
    ],
    "caller_ids": {
        "s0": [
            {"id": 0, "phonenumber": "sipgate", "verified": True, "defaultNumber": False},
            {"id": 1, "phonenumber": "+4915799912345", "verified": True, "defaultNumber": True},
        ],
        "s1": [
            {"id": 0, "phonenumber": "sipgate", "verified": True, "defaultNumber": True},
        ],
    },
    "balance_exhausted": False,
    "latency_ms": 0,
    "send_at_max_days": 30,
}

CONFIG_KEYS = tuple(DEFAULT_CONFIG)

# credential list -> (identifier field, secret field)
CREDENTIAL_LISTS = {
    "tokens": ("token_id", "token"),
    "logins": ("username", "password"),
    "bearer_tokens": ("name", "access_token"),
}

FAULT_KEYS = ("method", "path", "recipient", "status", "body", "content_type", "retry_after", "headers", "times", "delay_ms", "action")
FAULT_ACTIONS = ("respond", "close", "reset")


class ConfigError(ValueError):
    """Raised for an invalid sandbox configuration or fault rule."""


def _utc_now_iso() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)


def _reject_constant(name):
    raise ValueError(f"invalid JSON constant {name}")


def _loads(raw: bytes):
    """Parse JSON strictly (UTF-8, no NaN/Infinity)."""
    return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)


def _validate_scopes(key: str, scopes) -> list:
    _require(isinstance(scopes, list) and all(isinstance(s, str) for s in scopes), f"{key}: 'scopes' must be a list of strings")
    return list(scopes)


def _merge_credentials(key: str, current: list, patch) -> list:
    """Merge a list of credential entries into ``current`` by their identifier field."""
    id_field, secret_field = CREDENTIAL_LISTS[key]
    _require(isinstance(patch, list), f"{key} must be a list of objects")
    result = [dict(entry) for entry in current]
    for entry in patch:
        _require(isinstance(entry, dict), f"{key} must be a list of objects")
        unknown = sorted(set(entry) - {id_field, secret_field, "scopes", "remove"})
        _require(not unknown, f"{key}: unknown field(s) {', '.join(unknown)}")
        ident = entry.get(id_field)
        secret = entry.get(secret_field)
        _require(ident is None or (isinstance(ident, str) and ident != ""), f"{key}: '{id_field}' must be a non-empty string")
        _require(secret is None or (isinstance(secret, str) and secret != ""), f"{key}: '{secret_field}' must be a non-empty string")
        existing = None
        for candidate in result:
            if (ident is not None and candidate.get(id_field) == ident) or (ident is None and secret is not None and candidate.get(secret_field) == secret):
                existing = candidate
                break
        if entry.get("remove"):
            if existing is not None:
                result.remove(existing)
            continue
        if existing is not None:
            if secret is not None:
                existing[secret_field] = secret
            if "scopes" in entry:
                existing["scopes"] = _validate_scopes(key, entry["scopes"])
            continue
        _require(secret is not None, f"{key}: a new entry needs '{secret_field}'")
        if ident is None:
            _require(key == "bearer_tokens", f"{key}: a new entry needs '{id_field}'")
            ident = f"bearer-{len(result)}"
        result.append({id_field: ident, secret_field: secret, "scopes": _validate_scopes(key, entry.get("scopes", ["all"]))})
    return result


def _validate_extensions(value) -> list:
    _require(isinstance(value, list), "sms_extensions must be a list of objects")
    for item in value:
        _require(isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] != "", "each sms_extensions entry needs a string 'id'")
    return copy.deepcopy(value)


def _validate_caller_ids(value) -> dict:
    _require(isinstance(value, dict), "caller_ids must be an object mapping smsId to a list of caller ids")
    for sms_id, items in value.items():
        _require(isinstance(items, list) and all(isinstance(i, dict) for i in items), f"caller_ids.{sms_id} must be a list of objects")
    return copy.deepcopy(value)


def merge_config(base: dict, patch) -> dict:
    """Return a new config: ``base`` with the partial ``patch`` merged in (validated).

    Top-level values are replaced, except: ``userinfo`` is updated key by key, ``caller_ids`` is updated per
    smsId, and the credential lists (``tokens``, ``logins``, ``bearer_tokens``) are merged by their identifier
    (``token_id``, ``username``, ``name``); an entry with ``"remove": true`` deletes a credential.
    ``user_id`` and ``userinfo.sub`` are kept equal.
    """
    _require(isinstance(patch, dict), "config must be a JSON object")
    unknown = sorted(set(patch) - set(CONFIG_KEYS))
    _require(not unknown, f"unknown config key(s): {', '.join(unknown)}; known: {', '.join(CONFIG_KEYS)}")
    new = copy.deepcopy(base)
    for key, value in patch.items():
        if key == "user_id":
            _require(isinstance(value, str) and value != "", "user_id must be a non-empty string")
            new["user_id"] = value
            new["userinfo"]["sub"] = value
        elif key == "userinfo":
            _require(isinstance(value, dict), "userinfo must be an object")
            new["userinfo"].update(copy.deepcopy(value))
            if "sub" in value:
                _require(isinstance(value["sub"], str) and value["sub"] != "", "userinfo.sub must be a non-empty string")
                new["user_id"] = value["sub"]
        elif key in CREDENTIAL_LISTS:
            new[key] = _merge_credentials(key, new[key], value)
        elif key == "sms_extensions":
            new[key] = _validate_extensions(value)
        elif key == "caller_ids":
            new[key].update(_validate_caller_ids(value))
        elif key == "balance_exhausted":
            _require(isinstance(value, bool), "balance_exhausted must be true or false")
            new[key] = value
        elif key == "latency_ms":
            _require(_is_number(value) and value >= 0, "latency_ms must be a number >= 0")
            new[key] = value
        elif key == "send_at_max_days":
            _require(_is_number(value) and value > 0, "send_at_max_days must be a number > 0")
            new[key] = value
    return new


def redact_config(config: dict) -> dict:
    """Return a copy of ``config`` without any secret (tokens, passwords, access tokens)."""
    out = copy.deepcopy(config)
    for key, (_id_field, secret_field) in CREDENTIAL_LISTS.items():
        out[key] = [{k: v for k, v in entry.items() if k != secret_field} for entry in out[key]]
    return out


def validate_fault(spec) -> dict:
    """Validate a fault rule and return it normalised (without id/counters)."""
    _require(isinstance(spec, dict), "a fault must be a JSON object")
    unknown = sorted(set(spec) - set(FAULT_KEYS))
    _require(not unknown, f"unknown fault field(s): {', '.join(unknown)}; known: {', '.join(FAULT_KEYS)}")
    fault = {
        "method": spec.get("method"),
        "path": spec.get("path"),
        "recipient": spec.get("recipient"),
        "status": spec.get("status", 500),
        "content_type": spec.get("content_type"),
        "retry_after": spec.get("retry_after"),
        "headers": spec.get("headers") or {},
        "times": spec.get("times", 1),
        "delay_ms": spec.get("delay_ms", 0) or 0,
        "action": spec.get("action", "respond") or "respond",
    }
    if "body" in spec:
        fault["body"] = spec["body"]
    _require(fault["method"] is None or isinstance(fault["method"], str), "fault 'method' must be a string")
    if fault["method"] is not None:
        fault["method"] = fault["method"].upper()
    _require(fault["path"] is None or isinstance(fault["path"], str), "fault 'path' must be a string")
    if fault["path"] is not None:
        path = fault["path"]
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            path = path[len(API_PREFIX):]
        if not path.startswith("/"):
            path = "/" + path
        fault["path"] = path
    _require(fault["recipient"] is None or isinstance(fault["recipient"], str), "fault 'recipient' must be a string")
    _require(isinstance(fault["status"], int) and not isinstance(fault["status"], bool) and 200 <= fault["status"] <= 599,
             "fault 'status' must be an integer between 200 and 599")
    _require(fault["content_type"] is None or isinstance(fault["content_type"], str), "fault 'content_type' must be a string")
    retry_after = fault["retry_after"]
    _require(retry_after is None or isinstance(retry_after, str) or (_is_number(retry_after) and retry_after >= 0),
             "fault 'retry_after' must be a string or a number")
    if retry_after is not None and not isinstance(retry_after, str):
        fault["retry_after"] = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
    _require(isinstance(fault["headers"], dict) and all(isinstance(v, str) for v in fault["headers"].values()),
             "fault 'headers' must be an object of strings")
    times = fault["times"]
    _require(times is None or (isinstance(times, int) and not isinstance(times, bool) and times >= 1),
             "fault 'times' must be an integer >= 1 or null (forever)")
    _require(_is_number(fault["delay_ms"]) and fault["delay_ms"] >= 0, "fault 'delay_ms' must be a number >= 0")
    _require(fault["action"] in FAULT_ACTIONS, f"fault 'action' must be one of {', '.join(FAULT_ACTIONS)}")
    return fault


class _Account:
    """An immutable, indexed view of one config (replaced as a whole when the config changes)."""

    def __init__(self, config: dict):
        self.config = config
        self.user_id = config["user_id"]
        self.basic = {}
        for entry in config["tokens"]:
            self.basic[(entry["token_id"], entry["token"])] = ("token", frozenset(entry["scopes"]))
        for entry in config["logins"]:
            self.basic.setdefault((entry["username"], entry["password"]), ("basic-legacy", frozenset(entry["scopes"])))
        self.bearer = {entry["access_token"]: ("bearer", frozenset(entry["scopes"])) for entry in config["bearer_tokens"]}
        self.extensions = {entry["id"]: entry for entry in config["sms_extensions"]}


class SandboxState:
    """All mutable sandbox state: account config, outbox, request log and fault rules."""

    def __init__(self, config: dict, log_limit: int = DEFAULT_LOG_LIMIT):
        self._lock = threading.Lock()
        self._initial = copy.deepcopy(config)
        self._log_limit = log_limit
        self.account = _Account(copy.deepcopy(config))
        self._outbox = collections.deque(maxlen=log_limit)
        self._requests = collections.deque(maxlen=log_limit)
        self._faults = []
        self._next_outbox_id = 1
        self._next_request_id = 1
        self._next_fault_id = 1

    # config
    def get_config(self) -> dict:
        """The current account config without secrets."""
        return redact_config(self.account.config)

    def update_config(self, patch) -> dict:
        """Merge a partial config (see merge_config); returns the new config without secrets."""
        with self._lock:
            new = merge_config(self.account.config, patch)
            self.account = _Account(new)
        return redact_config(new)

    def reset(self) -> None:
        """Restore the start config and clear outbox, request log and faults."""
        with self._lock:
            self.account = _Account(copy.deepcopy(self._initial))
            self._outbox.clear()
            self._requests.clear()
            self._faults = []
            self._next_outbox_id = 1
            self._next_request_id = 1
            self._next_fault_id = 1

    # outbox
    def add_outbox(self, item: dict) -> dict:
        """Store an accepted SMS; returns it with its id."""
        with self._lock:
            entry = {"id": self._next_outbox_id}
            entry.update(item)
            self._next_outbox_id += 1
            self._outbox.append(entry)
        return entry

    def outbox(self) -> list:
        """A copy of the accepted SMS, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._outbox))

    def clear_outbox(self) -> None:
        """Forget all accepted SMS."""
        with self._lock:
            self._outbox.clear()

    # request log
    def add_request(self, entry: dict) -> None:
        """Append a /v2 request to the log (its status is filled in when answered)."""
        with self._lock:
            entry["id"] = self._next_request_id
            self._next_request_id += 1
            self._requests.append(entry)

    def set_request_status(self, entry: dict, status: int) -> None:
        """Record the status a logged request was answered with."""
        with self._lock:
            entry["status"] = status

    def set_request_fault(self, entry: dict, fault_id: int) -> None:
        """Record which fault rule a logged request triggered."""
        with self._lock:
            entry["fault"] = fault_id

    def requests(self) -> list:
        """A copy of the /v2 request log, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._requests))

    def clear_requests(self) -> None:
        """Forget the request log."""
        with self._lock:
            self._requests.clear()

    # faults
    def add_faults(self, specs) -> list:
        """Validate and append one fault rule or a list of them; returns the stored rules."""
        if not isinstance(specs, list):
            specs = [specs]
        validated = [validate_fault(spec) for spec in specs]
        added = []
        with self._lock:
            for fault in validated:
                fault["id"] = self._next_fault_id
                fault["remaining"] = fault["times"]
                fault["hits"] = 0
                self._next_fault_id += 1
                self._faults.append(fault)
                added.append(copy.deepcopy(fault))
        return added

    def faults(self) -> list:
        """A copy of the fault rules with their counters."""
        with self._lock:
            return copy.deepcopy(self._faults)

    def clear_faults(self) -> None:
        """Remove all fault rules."""
        with self._lock:
            self._faults = []

    def take_fault(self, method: str, rel_path: str, body):
        """Return (a copy of) the first active fault matching this request and count it, or None."""
        with self._lock:
            for fault in self._faults:
                if fault["remaining"] is not None and fault["remaining"] <= 0:
                    continue
                if fault["method"] is not None and fault["method"] != method:
                    continue
                if fault["path"] is not None and fault["path"] != rel_path and not fnmatch.fnmatchcase(rel_path, fault["path"]):
                    continue
                if fault["recipient"] is not None and not (isinstance(body, dict) and body.get("recipient") == fault["recipient"]):
                    continue
                fault["hits"] += 1
                if fault["remaining"] is not None:
                    fault["remaining"] -= 1
                return copy.deepcopy(fault)
        return None


class _RequestError(Exception):
    """A request that cannot be read; answered with ``status`` and the connection closed."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _SandboxHandler(BaseHTTPRequestHandler):
    """Request handler; all state lives in ``self.server.sandbox`` (a SandboxServer)."""

    protocol_version = "HTTP/1.1"
    server_version = "sipgate-sandbox/" + __version__
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = CONNECTION_IDLE_TIMEOUT

    # pylint: disable=attribute-defined-outside-init

    def version_string(self):
        return self.server_version

    def setup(self):
        super().setup()
        self.conn_id = self.server.sandbox.connection_opened(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.sandbox.connection_closed(self.conn_id)

    # logging: quiet unless --verbose; never log headers, query strings or bodies
    def log_request(self, code="-", size="-"):
        path = urlsplit(self.path).path if getattr(self, "path", None) else "-"
        code = getattr(code, "value", code)
        self.server.sandbox.log(f"conn {self.conn_id} {self.command} {path} -> {code}")

    def log_error(self, format, *args):  # pylint: disable=redefined-builtin
        self.server.sandbox.log("error: " + (format % args))

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        self.server.sandbox.log(format % args)

    # dispatch
    def _dispatch(self):
        sandbox = self.server.sandbox
        sandbox.activity(begin=True)
        self._entry = None
        self._responded = False
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True
        except Exception:  # pylint: disable=broad-except
            sandbox.log("unhandled error:\n" + traceback.format_exc())
            self.close_connection = True
            if not self._responded:
                try:
                    self._send_json(500, {"status": 500, "message": "sandbox internal error"})
                except OSError:
                    pass
        finally:
            sandbox.activity(begin=False)

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_DELETE = _dispatch
    do_PATCH = _dispatch
    do_HEAD = _dispatch
    do_OPTIONS = _dispatch

    def _read_body(self) -> bytes:
        transfer_encoding = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if transfer_encoding:
            if transfer_encoding != "chunked":
                raise _RequestError(501, "unsupported Transfer-Encoding")
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length.strip())
        except ValueError:
            raise _RequestError(400, "invalid Content-Length") from None
        if size < 0:
            raise _RequestError(400, "invalid Content-Length")
        if size > MAX_BODY_BYTES:
            raise _RequestError(413, f"request body larger than {MAX_BODY_BYTES} bytes")
        data = self.rfile.read(size) if size else b""
        if len(data) != size:
            raise _RequestError(400, "incomplete request body")
        return data

    def _read_chunked(self) -> bytes:
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _RequestError(400, "invalid chunked encoding") from None
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise _RequestError(413, f"request body larger than {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _handle(self):
        split = urlsplit(self.path)
        path = split.path
        is_api = path == API_PREFIX or path.startswith(API_PREFIX + "/")
        try:
            raw = self._read_body()
        except _RequestError as exc:
            self.close_connection = True
            if is_api:
                self._start_entry(path, split.query, b"")
            self._send_json(exc.status, {"status": exc.status, "message": exc.message})
            return
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            self._control(path[len(CONTROL_PREFIX):], raw)
        elif is_api:
            self._api(path, split.query, raw)
        else:
            self._send_json(404, {"status": 404, "message": "Not found"})

    # responses
    def _send(self, status: int, body: bytes = b"", content_type=None, headers=None):
        self._responded = True
        if self._entry is not None:
            self.server.sandbox.state.set_request_status(self._entry, status)
            self._entry = None
        if self.close_connection:
            headers = dict(headers or {})
            headers["Connection"] = "close"
        self.send_response(status)
        if content_type and status not in (204, 304):
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status in (204, 304):
            body = b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, payload, headers=None):
        if status in (204, 304):
            self._send(status, headers=headers)
            return
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json", headers)

    def _error(self, status: int, message: str, headers=None):
        self._send_json(status, {"status": status, "message": message}, headers)

    def _method_not_allowed(self, allowed):
        self._error(405, "Method not allowed", {"Allow": ", ".join(allowed)})

    def _drop_connection(self, reset: bool):
        """Close the connection without sending any response."""
        self._responded = True
        self.close_connection = True
        self._entry = None
        try:
            if reset:
                # SO_LINGER 0: the close (once the handler lets go of the socket) sends RST instead of FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # /v2 API
    def _start_entry(self, path: str, query: str, raw: bytes):
        body = None
        if raw:
            try:
                body = _loads(raw)
            except ValueError:
                body = raw.decode("utf-8", errors="replace")
        auth = self.headers.get("Authorization")
        auth_kind = None
        if auth:
            scheme = auth.strip().split(" ", 1)[0].lower()
            auth_kind = scheme if scheme in ("basic", "bearer") else "other"
        query_items = [(k, "<redacted>" if SECRET_QUERY_RE.search(k) else v) for k, v in parse_qsl(query, keep_blank_values=True)]
        self._entry = {
            "id": None,
            "time": _utc_now_iso(),
            "connection": self.conn_id,
            "method": self.command,
            "path": path,
            "query": urlencode(query_items) if query_items else None,
            "auth_kind": auth_kind,
            "content_type": self.headers.get("Content-Type"),
            "accept": self.headers.get("Accept"),
            "user_agent": self.headers.get("User-Agent"),
            "body": body,
            "status": None,
            "fault": None,
        }
        self.server.sandbox.state.add_request(self._entry)
        return body

    def _api(self, path: str, query: str, raw: bytes):
        sandbox = self.server.sandbox
        body = self._start_entry(path, query, raw)
        rel = path[len(API_PREFIX):]
        latency = sandbox.state.account.config.get("latency_ms") or 0
        if latency:
            sandbox.sleep(latency / 1000.0)
        fault = sandbox.state.take_fault(self.command, rel, body)
        if fault is not None:
            self._apply_fault(fault)
            return
        self._route_api(rel, raw)

    def _apply_fault(self, fault: dict):
        self.server.sandbox.state.set_request_fault(self._entry, fault["id"])
        if fault["delay_ms"]:
            self.server.sandbox.sleep(fault["delay_ms"] / 1000.0)
        if fault["action"] in ("close", "reset"):
            self._drop_connection(reset=fault["action"] == "reset")
            return
        status = fault["status"]
        headers = dict(fault["headers"])
        if fault["retry_after"] is not None:
            headers["Retry-After"] = fault["retry_after"]
        if "body" not in fault:
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "Error"
            payload = json.dumps({"status": status, "message": f"{phrase} (sandbox fault)"}).encode("utf-8")
            content_type = "application/json"
        elif isinstance(fault["body"], str):
            payload = fault["body"].encode("utf-8")
            content_type = "text/plain; charset=utf-8"
        else:
            payload = json.dumps(fault["body"], ensure_ascii=False).encode("utf-8")
            content_type = "application/json"
        self._send(status, payload, fault["content_type"] or content_type, headers)

    def _route_api(self, rel: str, raw: bytes):
        segments = [unquote(s) for s in rel[1:].split("/")] if rel.startswith("/") else []
        if segments == ["authorization", "userinfo"]:
            route, allowed = self._api_userinfo, ("GET",)
        elif segments == ["sessions", "sms"]:
            route, allowed = self._api_send_sms, ("POST",)
        elif len(segments) == 2 and segments[0] and segments[1] == "sms":
            route, allowed = self._api_list_sms, ("GET",)
        elif len(segments) == 4 and segments[0] and segments[1] == "sms" and segments[2] and segments[3] == "callerids":
            route, allowed = self._api_caller_ids, ("GET",)
        else:
            self._error(404, "Not found")
            return
        if self.command not in allowed:
            self._method_not_allowed(allowed)
            return
        account = self.server.sandbox.state.account
        credential = self._authenticate(account)
        if credential is None:
            return
        route(account, credential, segments, raw)

    def _authenticate(self, account: _Account):
        """Return (kind, scopes) for valid credentials; otherwise answer 401 and return None."""
        header = (self.headers.get("Authorization") or "").strip()
        challenge = {"WWW-Authenticate": 'Basic realm="sipgate sandbox"'}
        if not header:
            self._error(401, "Missing credentials", challenge)
            return None
        scheme, _sep, value = header.partition(" ")
        value = value.strip()
        credential = None
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, ValueError):
                decoded = ""
            user, sep, password = decoded.partition(":")
            if sep:
                credential = account.basic.get((user, password))
        elif scheme.lower() == "bearer" and value:
            credential = account.bearer.get(value)
        if credential is None:
            self._error(401, "Invalid token supplied", challenge)
        return credential

    def _check_scope(self, credential, needed) -> bool:
        if credential[1].intersection(needed):
            return True
        self._error(403, "Forbidden: the credentials lack a required scope (one of: " + ", ".join(needed) + ")")
        return False

    def _check_user(self, account: _Account, user_id: str) -> bool:
        if user_id == account.user_id:
            return True
        self._error(404, f"User {user_id} not found")
        return False

    def _api_userinfo(self, account, _credential, _segments, _raw):
        self._send_json(200, account.config["userinfo"])

    def _api_list_sms(self, account, credential, segments, _raw):
        if self._check_scope(credential, SCOPES_LIST_SMS) and self._check_user(account, segments[0]):
            self._send_json(200, {"items": account.config["sms_extensions"]})

    def _api_caller_ids(self, account, credential, segments, _raw):
        if not (self._check_scope(credential, SCOPES_CALLER_IDS) and self._check_user(account, segments[0])):
            return
        if segments[2] not in account.extensions:
            self._error(404, "Short message service not found")
            return
        self._send_json(200, {"items": account.config["caller_ids"].get(segments[2], DEFAULT_CALLER_IDS)})

    def _api_send_sms(self, account, credential, _segments, raw):
        if not self._check_scope(credential, SCOPES_SEND_SMS):
            return
        media_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            self._error(415, "Unsupported Media Type: Content-Type must be application/json")
            return
        try:
            body = _loads(raw)
        except ValueError:
            self._error(400, "Bad request: the body is not valid JSON")
            return
        if not isinstance(body, dict):
            self._error(400, "Bad request: the body must be a JSON object")
            return
        if body.get("smsId") is None:
            self._error(500, "internal server error")
            return
        problem = _validate_sms_fields(body)
        send_at = None
        if problem is None:
            send_at, problem = _validate_send_at(body.get("sendAt"), account.config["send_at_max_days"])
        if problem is not None:
            self._error(400, "Bad request: " + problem)
            return
        if body["smsId"] not in account.extensions:
            self._error(403, f"Forbidden: {body['smsId']} is not an SMS extension of this account")
            return
        if account.config["balance_exhausted"]:
            self._error(402, "Insufficient funds")
            return
        self.server.sandbox.state.add_outbox({
            "smsId": body["smsId"],
            "recipient": body["recipient"],
            "message": body["message"],
            "sendAt": body.get("sendAt") if send_at is not None else None,
            "auth": credential[0],
            "received_at": _utc_now_iso(),
        })
        self._send(204)

    # control API (no auth)
    def _control(self, rel: str, raw: bytes):
        routes = {
            "/health": ("GET",),
            "/outbox": ("GET", "DELETE"),
            "/requests": ("GET", "DELETE"),
            "/reset": ("POST",),
            "/config": ("GET", "PUT"),
            "/faults": ("GET", "POST", "DELETE"),
            "/shutdown": ("POST",),
        }
        if rel not in routes:
            self._error(404, "Not found")
            return
        if self.command not in routes[rel]:
            self._method_not_allowed(routes[rel])
            return
        sandbox = self.server.sandbox
        state = sandbox.state
        method = self.command
        if rel == "/health":
            self._send_json(200, sandbox.health())
        elif rel == "/outbox":
            if method == "GET":
                self._send_json(200, {"items": state.outbox()})
            else:
                state.clear_outbox()
                self._send_json(200, {"items": []})
        elif rel == "/requests":
            if method == "GET":
                self._send_json(200, {"items": state.requests()})
            else:
                state.clear_requests()
                self._send_json(200, {"items": []})
        elif rel == "/reset":
            state.reset()
            self._send_json(200, {"status": "reset"})
        elif rel == "/config":
            self._control_config(method, raw)
        elif rel == "/faults":
            self._control_faults(method, raw)
        else:
            self.close_connection = True
            self._send_json(200, {"status": "shutting down"})
            sandbox.request_stop("shutdown requested")

    def _control_body(self, raw: bytes):
        try:
            return True, _loads(raw)
        except ValueError:
            self._error(400, "the body must be valid JSON")
            return False, None

    def _control_config(self, method: str, raw: bytes):
        state = self.server.sandbox.state
        if method == "GET":
            self._send_json(200, state.get_config())
            return
        valid, patch = self._control_body(raw)
        if not valid:
            return
        try:
            self._send_json(200, state.update_config(patch))
        except ConfigError as exc:
            self._error(400, str(exc))

    def _control_faults(self, method: str, raw: bytes):
        state = self.server.sandbox.state
        if method == "GET":
            self._send_json(200, {"items": state.faults()})
        elif method == "DELETE":
            state.clear_faults()
            self._send_json(200, {"items": []})
        else:
            valid, spec = self._control_body(raw)
            if not valid:
                return
            try:
                self._send_json(201, {"items": state.add_faults(spec)})
            except ConfigError as exc:
                self._error(400, str(exc))


def _validate_sms_fields(body: dict):
    """Return a problem description for smsId/recipient/message, or None."""
    for field in ("smsId", "recipient", "message"):
        value = body.get(field)
        if value is None:
            return f"'{field}' is required"
        if not isinstance(value, str):
            return f"'{field}' must be a string"
        if not value.strip():
            return f"'{field}' must not be empty or whitespace only"
    if not RECIPIENT_RE.match(body["recipient"]):
        return "'recipient' must be an international number: '+' or '00' followed by 7 to 15 digits"
    return None


def _validate_send_at(value, max_days):
    """Return (timestamp or None, problem or None) for the optional sendAt field."""
    if value is None:
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        stamp = value
    elif isinstance(value, str) and SEND_AT_STRING_RE.match(value):
        stamp = int(value)
    else:
        return None, "'sendAt' must be an integer Unix timestamp in seconds"
    now = time.time()
    if stamp <= now:
        return None, "'sendAt' must be in the future"
    if stamp > now + max_days * 86400:
        return None, f"'sendAt' must be at most {max_days:g} days in the future (Unix seconds, not milliseconds)"
    return stamp, None


class _SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, sandbox):
        self.sandbox = sandbox
        super().__init__(address, _SandboxHandler)

    def server_bind(self):
        # skip HTTPServer.server_bind: its socket.getfqdn() can block on DNS
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        self.sandbox.log("connection error:\n" + traceback.format_exc())


class _SandboxHTTPServer6(_SandboxHTTPServer):
    address_family = socket.AF_INET6


def check_loopback(host: str) -> str:
    """Return the loopback IP address for ``host`` or raise ValueError."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"--host must be a loopback address such as 127.0.0.1 (got {host!r})") from None
    if not address.is_loopback:
        raise ValueError(f"--host must be a loopback address such as 127.0.0.1; refusing to listen on {host}")
    return str(address)


class SandboxServer:
    """The sandbox as a library: ``with SandboxServer() as sandbox: requests.get(sandbox.base_url + ...)``.

    ``start()`` serves on a background thread and returns the API base URL (``http://127.0.0.1:PORT/v2``);
    ``stop()`` shuts it down. All state (config, outbox, request log, faults) is in ``self.state``.
    """

    def __init__(self, config=None, latency_ms=0, host="127.0.0.1", port=0, idle_timeout=None, max_lifetime=None,
                 verbose=False, log_limit=DEFAULT_LOG_LIMIT):
        self.host = check_loopback(host)
        self.requested_port = int(port)
        self.idle_timeout = idle_timeout
        self.max_lifetime = max_lifetime
        self.verbose = verbose
        start_config = merge_config(DEFAULT_CONFIG, config or {})
        if latency_ms:
            start_config = merge_config(start_config, {"latency_ms": latency_ms})
        self.state = SandboxState(start_config, log_limit)
        self.stop_reason = None
        self._httpd = None
        self._thread = None
        self._started_at = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._last_activity = time.monotonic()
        self._inflight = 0
        self._connections = {}
        self._connections_total = 0
        self._requests_total = 0
        self._next_connection_id = 1

    # lifecycle
    def start(self) -> str:
        """Bind, serve on a background thread and return the base URL (``http://127.0.0.1:PORT/v2``)."""
        if self._httpd is not None:
            raise RuntimeError("sandbox already started")
        server_class = _SandboxHTTPServer6 if ":" in self.host else _SandboxHTTPServer
        self._httpd = server_class((self.host, self.requested_port), self)
        self._started_at = time.monotonic()
        self._last_activity = self._started_at
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="sipgate-sandbox", daemon=True)
        self._thread.start()
        if self.idle_timeout or self.max_lifetime:
            threading.Thread(target=self._monitor, name="sipgate-sandbox-monitor", daemon=True).start()
        self.log(f"listening on {self.base_url}")
        return self.base_url

    def stop(self, reason: str = "stopped") -> None:
        """Stop serving, close open connections and release the port (idempotent)."""
        with self._lock:
            if self._httpd is None or self._stopping.is_set():
                already = True
            else:
                already = False
                self._stopping.set()
                self.stop_reason = reason
        if already:
            if self._httpd is not None and threading.current_thread() is not self._thread:
                self._stopped.wait()
            return
        self.log(f"stopping: {reason}")
        self._httpd.shutdown()
        with self._lock:
            sockets = list(self._connections.values())
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._stopped.set()

    def request_stop(self, reason: str) -> None:
        """Stop from another thread (used by /_sandbox/shutdown and the timeouts)."""
        threading.Thread(target=self.stop, args=(reason,), name="sipgate-sandbox-stop", daemon=True).start()

    def wait(self, timeout=None) -> bool:
        """Wait until the sandbox has stopped; True if it has."""
        return self._stopped.wait(timeout)

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._httpd is not None and not self._stopping.is_set()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _monitor(self):
        interval = min(1.0, max(0.05, min(t for t in (self.idle_timeout, self.max_lifetime) if t) / 10.0))
        while not self._stopping.wait(interval):
            now = time.monotonic()
            if self.max_lifetime and now - self._started_at >= self.max_lifetime:
                self.stop(f"max lifetime of {self.max_lifetime:g}s reached")
                return
            with self._lock:
                idle = self._inflight == 0 and now - self._last_activity >= (self.idle_timeout or float("inf"))
            if idle:
                self.stop(f"idle for {self.idle_timeout:g}s")
                return

    # addresses
    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._httpd is None:
            raise RuntimeError("sandbox not started")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """API base URL, e.g. ``http://127.0.0.1:PORT/v2``."""
        return self.url + API_PREFIX

    @property
    def control_url(self) -> str:
        """Control API URL, e.g. ``http://127.0.0.1:PORT/_sandbox``."""
        return self.url + CONTROL_PREFIX

    # bookkeeping used by the handler
    def log(self, message: str) -> None:
        """Write a line to stderr with --verbose (never pass secrets here)."""
        if self.verbose:
            sys.stderr.write(f"[sipgate-sandbox] {message}\n")
            sys.stderr.flush()

    def sleep(self, seconds: float) -> None:
        """Sleep, but wake up early when the sandbox stops."""
        self._stopping.wait(seconds)

    def activity(self, begin: bool) -> None:
        """Track requests in flight and the time of the last one (for --idle-timeout)."""
        with self._lock:
            self._last_activity = time.monotonic()
            if begin:
                self._inflight += 1
                self._requests_total += 1
            else:
                self._inflight -= 1

    def connection_opened(self, sock) -> int:
        """Register a client connection; returns its id."""
        with self._lock:
            conn_id = self._next_connection_id
            self._next_connection_id += 1
            self._connections_total += 1
            self._connections[conn_id] = sock
        return conn_id

    def connection_closed(self, conn_id: int) -> None:
        """Forget a closed client connection."""
        with self._lock:
            self._connections.pop(conn_id, None)

    def health(self) -> dict:
        """The body of GET /_sandbox/health."""
        with self._lock:
            return {
                "status": "ok",
                "version": __version__,
                "pid": os.getpid(),
                "base_url": self.base_url,
                "uptime_s": round(time.monotonic() - self._started_at, 3),
                "connections_total": self._connections_total,
                "connections_open": len(self._connections),
                "requests_total": self._requests_total,
            }

    # convenience for in-process tests
    def outbox(self) -> list:
        """Accepted SMS (like GET /_sandbox/outbox)."""
        return self.state.outbox()

    def requests_log(self) -> list:
        """Logged /v2 requests (like GET /_sandbox/requests)."""
        return self.state.requests()

    def add_fault(self, **spec) -> dict:
        """Add one fault rule (like POST /_sandbox/faults); returns it with id and counters."""
        return self.state.add_faults(spec)[0]

    def update_config(self, patch: dict) -> dict:
        """Merge a partial config (like PUT /_sandbox/config)."""
        return self.state.update_config(patch)

    def reset(self) -> None:
        """Like POST /_sandbox/reset."""
        self.state.reset()


def _write_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_if_ours(path, text: str) -> None:
    if not path:
        return
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read() != text:
                return
        os.unlink(path)
    except OSError:
        pass


def _non_negative_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return int(number) if number.is_integer() else number


def build_parser() -> argparse.ArgumentParser:
    """The command line parser."""
    parser = argparse.ArgumentParser(description="Local sipgate REST API v2 sandbox for tests and demos.")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default 0)")
    parser.add_argument("--port-file", help="write the bound port to this file (atomically)")
    parser.add_argument("--pid-file", help="write the process id to this file (atomically)")
    parser.add_argument("--config", help="JSON file merged into the default account config")
    parser.add_argument("--latency-ms", type=_non_negative_float, default=None, help="delay every /v2 response by N ms")
    parser.add_argument("--idle-timeout", type=_non_negative_float, default=DEFAULT_IDLE_TIMEOUT,
                        help=f"exit after this many seconds without requests; 0 disables (default {DEFAULT_IDLE_TIMEOUT:g})")
    parser.add_argument("--max-lifetime", type=_non_negative_float, default=DEFAULT_MAX_LIFETIME,
                        help=f"exit after this many seconds in total; 0 disables (default {DEFAULT_MAX_LIFETIME:g})")
    parser.add_argument("--verbose", action="store_true", help="log requests (method, path, status) to stderr")
    return parser


def main(argv=None) -> int:
    """Run the sandbox until a signal, a timeout or POST /_sandbox/shutdown; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        check_loopback(args.host)
    except ValueError as exc:
        parser.error(str(exc))
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    config = None
    if args.config:
        try:
            with open(args.config, encoding="utf-8") as handle:
                config = json.load(handle)
        except (OSError, ValueError) as exc:
            parser.error(f"cannot read --config {args.config}: {exc}")
    try:
        server = SandboxServer(config=config, latency_ms=args.latency_ms or 0, host=args.host, port=args.port,
                               idle_timeout=args.idle_timeout or None, max_lifetime=args.max_lifetime or None,
                               verbose=args.verbose)
    except ConfigError as exc:
        parser.error(f"invalid --config {args.config}: {exc}")

    received = []

    def on_signal(signum, _frame):
        received.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    try:
        base_url = server.start()
    except OSError as exc:
        sys.stderr.write(f"sipgate sandbox: cannot listen on {args.host}:{args.port}: {exc}\n")
        return 1
    pid_text = f"{os.getpid()}\n"
    port_text = f"{server.port}\n"
    try:
        if args.pid_file:
            _write_atomic(args.pid_file, pid_text)
        if args.port_file:
            _write_atomic(args.port_file, port_text)
        try:
            sys.stdout.write(f"sipgate sandbox listening on {base_url}\n")
            sys.stdout.flush()
        except (OSError, ValueError):
            pass  # stdout closed: the port file still tells where we listen
        while not server.wait(0.2):
            if received:
                server.stop(f"signal {signal.Signals(received[0]).name}")
    finally:
        server.stop("exiting")
        _remove_if_ours(args.port_file, port_text)
        _remove_if_ours(args.pid_file, pid_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
