# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The /v2 API: routes, authentication, scopes and the checks of each endpoint, as the real API does them.

Each request is checked in this order: unknown path 404, wrong method 405, credentials 401, scope 403, unknown user
404, unknown extension or caller id 404, then the body (415, 400) and the endpoint's own rules.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import re
import time

from urllib.parse import parse_qsl

from .config import ACCESS_TOKEN, BUILT_IN_SENDER, LOGIN, SEND_AT_MAX_DAYS, USER_ID, USERINFO

SEND = ("all", "sessions:write", "sessions:sms:write")
READ = ("all", "sms:read")
READ_CALLER_IDS = ("all", "sms:read", "sms:callerid:read")
WRITE = ("all", "sms:write")
WRITE_CALLER_IDS = ("all", "sms:write", "sms:callerid:write")
READ_BALANCE = ("all", "balance:read")
READ_HISTORY = ("all", "history:read")
WRITE_HISTORY = ("all", "history:write")
HISTORY_TYPES = ("CALL", "VOICEMAIL", "SMS", "FAX")
HISTORY_DIRECTIONS = ("INCOMING", "OUTGOING", "MISSED_INCOMING", "MISSED_OUTGOING")
HISTORY_MAX_LIMIT = 1000
ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")

NUMBER = re.compile(r"(\+|00)[0-9]{7,15}")
DIGITS = re.compile(r"[0-9]{1,15}")


class Reply(object):
    """An answer: status, JSON payload (None for no body), extra headers, and what to do once it has been written."""

    def __init__(self, status, payload=None, headers=None, after=None):
        self.status = status
        self.payload = payload
        self.headers = headers or {}
        self.after = after


def error(status, message, headers=None):
    return Reply(status, {"status": status, "message": message}, headers)


class Request(object):
    """What the API needs of a request: method, path below /v2, headers and the raw body."""

    def __init__(self, method, path, headers, raw, query=""):
        self.method = method
        self.path = path
        self.query = query or ""
        self.segments = path.strip("/").split("/") if path.strip("/") else []
        self.headers = headers
        self.raw = raw


def route(request):
    """(handler, allowed methods, scopes, path parameters) for a path, or None for an unknown one."""
    parts = request.segments
    if parts == ["authorization", "userinfo"]:
        return {"GET": (userinfo, None)}, {}
    if parts == ["sessions", "sms"]:
        return {"POST": (send_sms, SEND)}, {}
    if parts == ["balance"]:
        return {"GET": (balance, READ_BALANCE)}, {}
    if parts == ["history"]:
        return {"GET": (history, READ_HISTORY)}, {}
    if len(parts) == 2 and parts[0] == "history" and parts[1]:
        return {"GET": (history_entry, READ_HISTORY), "PUT": (update_history_entry, WRITE_HISTORY)}, {"entry_id": parts[1]}
    if len(parts) >= 2 and parts[1] == "sms" and parts[0]:
        params = dict(user=parts[0], sms_id=parts[2] if len(parts) > 2 else None)
        if len(parts) == 2:
            return {"GET": (list_extensions, READ)}, params
        if len(parts) == 3:
            return {"PUT": (set_alias, WRITE)}, params
        if parts[3] == "callerids" and len(parts) == 4:
            return {"GET": (list_caller_ids, READ_CALLER_IDS), "POST": (add_caller_id, WRITE_CALLER_IDS)}, params
        if parts[3] == "callerids" and len(parts) in (5, 6) and parts[4].isdigit():
            params["caller_id"] = int(parts[4])
            if len(parts) == 5:
                return {"PUT": (set_default, WRITE_CALLER_IDS), "DELETE": (delete_caller_id, WRITE_CALLER_IDS)}, params
            if parts[5] == "verification":
                return {"POST": (verify_caller_id, WRITE_CALLER_IDS)}, params
    return None


def handle(state, request, loads):
    """The answer of the API to ``request``; ``loads`` parses a JSON body (raising ValueError)."""
    routed = route(request)
    if routed is None:
        return error(404, "Not found")
    methods, params = routed
    if request.method not in methods:
        return error(405, "Method not allowed", {"Allow": ", ".join(sorted(methods))})
    handler, scopes = methods[request.method]
    with state.lock:
        credential = authenticate(state, request.headers.get("Authorization") or "")
        if credential is None:
            return error(401, "Invalid token supplied", {"WWW-Authenticate": 'Basic realm="sipgate sandbox"'})
        if scopes is not None and not credential[1].intersection(scopes):
            return error(403, "Forbidden: the credentials lack a required scope (one of: %s)" % ", ".join(scopes))
        if params.get("user") not in (None, USER_ID):
            return error(404, "User %s not found" % params["user"])
        if params.get("sms_id") is not None and state.extension(params["sms_id"]) is None:
            return error(404, "Short message service not found")
        if params.get("caller_id") is not None and _caller_id(state, params) is None:
            return error(404, "Caller id not found")
        if request.method in ("POST", "PUT") and handler is not send_sms:
            body, problem = json_body(request, loads)
            if problem:
                return problem
            params["body"] = body
        return handler(state, request, credential, loads, **params)


def authenticate(state, header):
    """(kind, scopes) of valid credentials, or None."""
    scheme, dummy, value = header.strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip() == ACCESS_TOKEN:
        return "bearer", frozenset(["all"])
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, ValueError):
        return None
    if sep and (user, password) == LOGIN:
        return "basic-legacy", frozenset(["all"])
    for token in state.config["tokens"]:
        if sep and (user, password) == (token["token_id"], token["token"]):
            return "token", frozenset(token["scopes"])
    return None


def json_body(request, loads):
    """(body, None) for a JSON object body, else (None, the error answer)."""
    media_type = (request.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        return None, error(415, "Unsupported Media Type: Content-Type must be application/json")
    try:
        body = loads(request.raw)
    except ValueError:
        return None, error(400, "Bad request: the body is not valid JSON")
    if not isinstance(body, dict):
        return None, error(400, "Bad request: the body must be a JSON object")
    return body, None


def _caller_id(state, params):
    return next((item for item in state.caller_ids(params["sms_id"]) if item["id"] == params["caller_id"]), None)


def _extension_item(state, extension):
    return dict(extension, callerId=state.default_sender(extension["id"]))


# --- endpoints ----------------------------------------------------------------------------------------------------------


def userinfo(state, request, credential, loads):
    return Reply(200, dict(USERINFO))


def list_extensions(state, request, credential, loads, user, sms_id):
    return Reply(200, {"items": [_extension_item(state, item) for item in state.config["sms_extensions"]]})


def set_alias(state, request, credential, loads, user, sms_id, body):
    alias = body.get("alias")
    if not isinstance(alias, str) or not alias.strip():
        return error(400, "Bad request: 'alias' must be a non-empty string")
    state.extension(sms_id)["alias"] = alias
    return Reply(204)


def list_caller_ids(state, request, credential, loads, user, sms_id):
    return Reply(200, {"items": [dict(item) for item in state.caller_ids(sms_id)]})


def add_caller_id(state, request, credential, loads, user, sms_id, body):
    number = body.get("phonenumber")
    if not isinstance(number, str) or not NUMBER.fullmatch(number):
        return error(400, "Bad request: 'phonenumber' must be an international number: '+' or '00' and 7 to 15 digits")
    if any(item["phonenumber"] == number for item in state.caller_ids(sms_id)):
        return error(400, "Bad request: %s is already a caller id of %s" % (number, sms_id))
    if state.config["balance_exhausted"]:
        return error(402, "Insufficient funds")
    state.add_caller_id(sms_id, number)
    return Reply(204)


def set_default(state, request, credential, loads, user, sms_id, caller_id, body):
    value = body.get("defaultNumber")
    # sipgate's own Node library sends the boolean as a string.
    if value in ("true", "false"):
        value = value == "true"
    if not isinstance(value, bool):
        return error(400, "Bad request: 'defaultNumber' must be true or false")
    chosen = _caller_id(state, dict(sms_id=sms_id, caller_id=caller_id))
    if not value:
        if chosen.get("defaultNumber"):
            return error(400, "Bad request: an extension always has a default sender; make another one the default instead")
        return Reply(204)
    if not chosen["verified"]:
        return error(400, "Bad request: %s is not verified" % chosen["phonenumber"])
    for item in state.caller_ids(sms_id):
        item["defaultNumber"] = item is chosen
    return Reply(204)


def delete_caller_id(state, request, credential, loads, user, sms_id, caller_id):
    chosen = _caller_id(state, dict(sms_id=sms_id, caller_id=caller_id))
    if chosen["phonenumber"] == BUILT_IN_SENDER:
        return error(400, "Bad request: the sender name sipgate cannot be removed")
    caller_ids = state.caller_ids(sms_id)
    caller_ids.remove(chosen)
    state.codes.pop((sms_id, caller_id), None)
    if chosen.get("defaultNumber"):
        for item in caller_ids:
            item["defaultNumber"] = item["phonenumber"] == BUILT_IN_SENDER
    return Reply(204)


def verify_caller_id(state, request, credential, loads, user, sms_id, caller_id, body):
    chosen = _caller_id(state, dict(sms_id=sms_id, caller_id=caller_id))
    if chosen["verified"]:
        return Reply(204)
    if body.get("verificationCode") != state.codes.get((sms_id, caller_id)):
        return error(400, "Invalid verification code")
    chosen["verified"] = True
    del state.codes[(sms_id, caller_id)]
    return Reply(204)


def send_sms(state, request, credential, loads):
    body, problem = json_body(request, loads)
    if problem:
        return problem
    if body.get("smsId") is None:
        return error(500, "internal server error")
    problem = _sms_problem(body)
    if problem:
        return error(400, "Bad request: " + problem)
    if state.extension(body["smsId"]) is None:
        return error(403, "Forbidden: %s is not an SMS extension of this account" % body["smsId"])
    if state.config["balance_exhausted"] or state.config["balance"]["amount"] <= 0:
        return error(402, "Insufficient funds")
    state.accept_sms({"smsId": body["smsId"], "recipient": body["recipient"], "message": body["message"],
                      "sendAt": body.get("sendAt"), "sender": state.default_sender(body["smsId"]), "auth": credential[0]})
    return Reply(204)


def balance(state, request, credential, loads):
    return Reply(200, dict(state.config["balance"]))


def _time(text):
    """Unix seconds of an ISO 8601 time (no offset means UTC), or None."""
    match = ISO_TIME.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    zone = datetime.timezone.utc
    if offset and offset != "Z":
        digits = offset[1:].replace(":", "")
        delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone = datetime.timezone(-delta if offset[0] == "-" else delta)
    try:
        return datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone).timestamp()
    except ValueError:
        return None


def _digits(number):
    number = re.sub(r"[^0-9+]", "", number or "")
    return number[1:] if number.startswith("+") else number[2:] if number.startswith("00") else number


def history(state, request, credential, loads):
    """GET /history: the filters of the spec (types, directions, connectionIds, phonenumber, from, to), newest first."""
    query = {}
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        query.setdefault(name, []).extend(part for part in value.split(",") if part)
    for name, allowed in (("types", HISTORY_TYPES), ("directions", HISTORY_DIRECTIONS)):
        unknown = sorted(set(query.get(name, [])) - set(allowed))
        if unknown:
            return error(400, "Bad request: unknown %s %s" % (name, ", ".join(unknown)))
    paging = {}
    for name, default, highest in (("offset", 0, 2147483647), ("limit", 10, HISTORY_MAX_LIMIT)):
        value = (query.get(name) or [str(default)])[-1]
        if not DIGITS.fullmatch(value) or int(value) > highest:
            return error(400, "Bad request: %s must be an integer from 0 to %d" % (name, highest))
        paging[name] = int(value)
    bounds = {}
    for name in ("from", "to"):
        if query.get(name):
            bounds[name] = _time(query[name][-1])
            if bounds[name] is None:
                return error(400, "Bad request: '%s' must be an ISO 8601 date and time" % name)
    state.history_polled()
    # Newest first by the time of the entry: a received SMS may be dated before entries made earlier.
    newest_first = sorted(state.history, key=lambda item: (_time(item["created"]), int(item["id"])), reverse=True)
    items = [item for item in newest_first if _listed(item, query, bounds)]
    page = items[paging["offset"]:paging["offset"] + paging["limit"]]
    return Reply(200, {"items": [dict(item) for item in page], "totalCount": len(items)})


def history_entry(state, request, credential, loads, entry_id):
    """GET /history/{entryId}: one entry."""
    entry = next((item for item in state.history if item["id"] == entry_id), None)
    if entry is None:
        return error(404, "History entry %s not found" % entry_id)
    return Reply(200, dict(entry))


def update_history_entry(state, request, credential, loads, entry_id, body):
    """PUT /history/{entryId} with an UpdateHistoryEntryRequest: read, archived, starred, note."""
    problem = state.update_history(entry_id, body)
    if problem is None:
        return error(404, "History entry %s not found" % entry_id)
    if problem:
        return error(400, "Bad request: " + problem)
    return Reply(204)


def _listed(item, query, bounds):
    created = _time(item["created"])
    phonenumber = query.get("phonenumber")
    return (item["type"] in query.get("types", [item["type"]])
            and item["direction"] in query.get("directions", [item["direction"]])
            and (not query.get("connectionIds") or set(query["connectionIds"]) & set(item["connectionIds"]))
            and (not phonenumber or _digits(phonenumber[-1]) in (_digits(item["source"]), _digits(item["target"])))
            and ("from" not in bounds or created >= bounds["from"])
            and ("to" not in bounds or created <= bounds["to"]))


def _sms_problem(body):
    for field in ("smsId", "recipient", "message"):
        value = body.get(field)
        if not isinstance(value, str) or not value.strip():
            return "'%s' is required and must be a non-empty string" % field
    if not NUMBER.fullmatch(body["recipient"]):
        return "'recipient' must be an international number: '+' or '00' followed by 7 to 15 digits"
    send_at = body.get("sendAt")
    if send_at is None:
        return None
    if isinstance(send_at, str) and DIGITS.fullmatch(send_at):
        send_at = int(send_at)
    if not isinstance(send_at, int) or isinstance(send_at, bool):
        return "'sendAt' must be an integer Unix timestamp in seconds"
    if send_at <= time.time():
        return "'sendAt' must be in the future"
    if send_at > time.time() + SEND_AT_MAX_DAYS * 86400:
        return "'sendAt' must be at most %d days in the future (Unix seconds, not milliseconds)" % SEND_AT_MAX_DAYS
    return None
