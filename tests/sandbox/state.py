# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Everything the sandbox remembers - account, outbox, request log, fault rules, verification codes - behind one lock."""
from __future__ import annotations

import copy
import datetime
import fnmatch
import secrets
import threading

from .config import (DEFAULT_CONFIG, RECEIVING_NUMBER, RECEIVING_SMS_ID, ConfigError, is_number, merge_config, require,
                     without_secrets)

FAULT_FIELDS = ("method", "path", "recipient", "status", "body", "content_type", "retry_after", "times", "delay_ms",
                "action", "process", "process_delay_ms")
FAULT_ACTIONS = ("respond", "close")
RECEIVED_FIELDS = ("source", "text", "target", "created", "sms_id", "after_polls", "in_reply_to")
# The fields of an entry that PUT /history/{entryId} changes (UpdateHistoryEntryRequest), with their types.
UPDATABLE_FIELDS = {"read": bool, "archived": bool, "starred": bool, "note": str}
ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def history_entry(number, sms, now):
    """A HistoryEntryResponse of an outgoing SMS, with the SMS fields sipgate's clients read (smsContent, scheduled)."""
    created = now.strftime(ISO_SECONDS)
    scheduled = None
    if sms.get("sendAt") is not None:
        scheduled = datetime.datetime.fromtimestamp(int(sms["sendAt"]), datetime.timezone.utc).strftime(ISO_SECONDS)
    return {"id": str(number), "source": sms["sender"], "target": sms["recipient"], "sourceAlias": "",
            "targetAlias": "", "type": "SMS", "created": created, "lastModified": created, "direction": "OUTGOING",
            "incoming": False, "connectionIds": [sms["smsId"]], "read": False, "archived": False, "note": "",
            "endpoints": [], "starred": False, "labels": [], "smsContent": sms["message"], "scheduled": scheduled}


def received_entry(number, received, now):
    """A HistoryEntryResponse of a received SMS: INCOMING, from ``source`` to ``target``, unread; ``now`` dates it
    unless it gives its own ``created``."""
    created = received["created"] or now.strftime(ISO_SECONDS)
    return {"id": str(number), "source": received["source"], "target": received["target"], "sourceAlias": "",
            "targetAlias": "", "type": "SMS", "created": created, "lastModified": created, "direction": "INCOMING",
            "incoming": True, "connectionIds": [received["sms_id"]], "read": False, "archived": False, "note": "",
            "endpoints": [], "starred": False, "labels": [], "smsContent": received["text"], "scheduled": None}


def validate_received(spec):
    """A received SMS to deliver, checked and with its defaults.

    ``created`` (ISO 8601 or Unix seconds; default: when it arrives) may lie in the past. ``after_polls`` N holds it
    back until N requests of GET /history have been answered without it: it arrives while a client polls.
    ``in_reply_to`` NUMBER holds it back until the account sends an SMS to NUMBER (its ``source`` by default), and only
    then counts the polls; ``{text}`` in its text becomes the text of that SMS: a reply that quotes a one-time code.
    """
    require(isinstance(spec, dict), "a received SMS must be a JSON object")
    unknown = sorted(set(spec) - set(RECEIVED_FIELDS))
    require(not unknown, "unknown received SMS field(s): %s; known: %s" % (", ".join(unknown), ", ".join(RECEIVED_FIELDS)))
    received = dict(target=RECEIVING_NUMBER, created=None, sms_id=RECEIVING_SMS_ID, after_polls=0, in_reply_to=None)
    if spec.get("in_reply_to") is not None:
        received["source"] = spec["in_reply_to"]
    received.update(spec)
    require(received["in_reply_to"] is None or (isinstance(received["in_reply_to"], str) and received["in_reply_to"].strip()),
            "received SMS in_reply_to must be a number")
    for field in ("source", "text", "target", "sms_id"):
        require(isinstance(received.get(field), str) and received[field].strip(), "received SMS %s must be a non-empty string" % field)
    created = received["created"]
    if created is not None:
        require(not isinstance(created, bool) and isinstance(created, (str, int, float)),
                "received SMS created must be an ISO 8601 time or Unix seconds")
        when = _parsed_time(created)
        require(when is not None, "received SMS created %r is not an ISO 8601 time or Unix seconds" % (created,))
        received["created"] = when.strftime(ISO_SECONDS)
    after = received["after_polls"]
    require(isinstance(after, int) and not isinstance(after, bool) and after >= 0, "received SMS after_polls must be an integer >= 0")
    return received


def _parsed_time(value):
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        return datetime.datetime.fromtimestamp(int(float(value)), datetime.timezone.utc)
    try:
        when = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=when.tzinfo or datetime.timezone.utc).astimezone(datetime.timezone.utc)


def validate_fault(spec):
    """A fault rule, checked and with its defaults.

    ``process`` true lets the request reach the API first (an SMS gets into the outbox), and only then does the fault
    delay, replace or drop the answer: what a client sees when the API accepted a request but its answer got lost.
    ``process_delay_ms`` lets the API handle it only that late: a change that takes effect after the client gave up.
    """
    require(isinstance(spec, dict), "a fault must be a JSON object")
    unknown = sorted(set(spec) - set(FAULT_FIELDS))
    require(not unknown, "unknown fault field(s): %s; known: %s" % (", ".join(unknown), ", ".join(FAULT_FIELDS)))
    fault = dict(method=None, path=None, recipient=None, status=None, content_type=None, retry_after=None, times=1,
                 delay_ms=0, action="respond", process=False, process_delay_ms=0)
    fault.update(spec)
    if fault["method"] is not None:
        require(isinstance(fault["method"], str), "fault method must be a string")
        fault["method"] = fault["method"].upper()
    if fault["path"] is not None:
        require(isinstance(fault["path"], str), "fault path must be a string")
        fault["path"] = "/" + fault["path"].lstrip("/")
        if fault["path"].startswith("/v2/"):
            fault["path"] = fault["path"][3:]
    require(fault["recipient"] is None or isinstance(fault["recipient"], str), "fault recipient must be a string")
    require(fault["status"] is None or (isinstance(fault["status"], int) and 200 <= fault["status"] <= 599),
            "fault status must be an integer from 200 to 599")
    if fault["status"] is None and not fault["process"]:
        fault["status"] = 500
    require(fault["times"] is None or (isinstance(fault["times"], int) and not isinstance(fault["times"], bool) and fault["times"] >= 1),
            "fault times must be an integer >= 1, or null for ever")
    require(is_number(fault["delay_ms"]) and fault["delay_ms"] >= 0, "fault delay_ms must be a number >= 0")
    require(fault["action"] in FAULT_ACTIONS, "fault action must be one of %s" % ", ".join(FAULT_ACTIONS))
    require(isinstance(fault["process"], bool), "fault process must be true or false")
    require(is_number(fault["process_delay_ms"]) and fault["process_delay_ms"] >= 0, "fault process_delay_ms must be a number >= 0")
    require(fault["process"] or not fault["process_delay_ms"], "fault process_delay_ms needs process true")
    require(fault["retry_after"] is None or isinstance(fault["retry_after"], (str, int)), "fault retry_after must be a string or a number")
    if fault["retry_after"] is not None:
        fault["retry_after"] = str(fault["retry_after"])
    require(fault["content_type"] is None or isinstance(fault["content_type"], str), "fault content_type must be a string")
    return fault


class SandboxState(object):
    """The account (config), the outbox, the log of /v2 requests, the fault rules and the pending verification codes."""

    def __init__(self, config=None):
        self.lock = threading.RLock()
        self._initial = merge_config(DEFAULT_CONFIG, config or {})
        # History ids are never used twice, as the API's are: not after a reset, and hardly by another sandbox that
        # gets the same port later (clients remember which entries they took as evidence, by API URL and id).
        self._history_id = 100000000 + secrets.randbelow(800000) * 1000
        self.reset()

    def reset(self):
        with self.lock:
            self.config = copy.deepcopy(self._initial)
            self.outbox = []
            self.history = []
            self.held_sms = []
            self.requests = []
            self.faults = []
            self.codes = {}
            self._ids = {"outbox": 0, "request": 0, "fault": 0}

    def _new_history_id(self):
        self._history_id += 1
        return str(self._history_id)

    def _next(self, kind):
        self._ids[kind] += 1
        return self._ids[kind]

    # --- the account -------------------------------------------------------------------------------------------------

    def configure(self, patch):
        with self.lock:
            self.config = merge_config(self.config, patch)
            return without_secrets(self.config)

    def shown_config(self):
        with self.lock:
            return without_secrets(self.config)

    def extension(self, sms_id):
        return next((item for item in self.config["sms_extensions"] if item["id"] == sms_id), None)

    def caller_ids(self, sms_id):
        """The caller ids of an existing extension; an extension without any has the built-in sender name."""
        return self.config["caller_ids"].setdefault(
            sms_id, [{"id": 0, "phonenumber": "sipgate", "verified": True, "defaultNumber": True}])

    def default_sender(self, sms_id):
        return next((item["phonenumber"] for item in self.caller_ids(sms_id) if item.get("defaultNumber")), None)

    def add_caller_id(self, sms_id, number):
        """Add an unverified caller id and make up the code that sipgate would text to it."""
        caller_ids = self.caller_ids(sms_id)
        caller_id = max([item["id"] for item in caller_ids] + [0]) + 1
        caller_ids.append({"id": caller_id, "phonenumber": number, "verified": False, "defaultNumber": False})
        self.codes[(sms_id, caller_id)] = "%06d" % secrets.randbelow(1000000)

    def verification_codes(self):
        with self.lock:
            return [{"smsId": sms_id, "id": caller_id, "phonenumber": self._number(sms_id, caller_id), "code": code}
                    for (sms_id, caller_id), code in sorted(self.codes.items())]

    def _number(self, sms_id, caller_id):
        return next((item["phonenumber"] for item in self.caller_ids(sms_id) if item["id"] == caller_id), None)

    # --- what happened -----------------------------------------------------------------------------------------------

    def log_request(self, entry):
        with self.lock:
            entry["id"] = self._next("request")
            self.requests.append(entry)

    def accept_sms(self, sms):
        """Put an accepted SMS into the outbox and the account's history (which DELETE /outbox leaves alone)."""
        with self.lock:
            self.outbox.append(dict(sms, id=self._next("outbox"), received_at=utc_now()))
            self.history.append(history_entry(self._new_history_id(), sms, self.api_now()))
            for received in self.held_sms:
                if received["in_reply_to"] == sms["recipient"]:
                    received.update(in_reply_to=None, text=received["text"].replace("{text}", sms["message"]))
                    break

    def api_now(self):
        """The time on the API's clock: this machine's, moved by clock_offset_s."""
        return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=self.config["clock_offset_s"])

    def age_history(self, seconds):
        """Date every history entry ``seconds`` earlier: time passing, for what looks back over a window of time."""
        require(is_number(seconds) and seconds >= 0, "seconds must be a number >= 0")
        with self.lock:
            for entry in self.history:
                created = datetime.datetime.strptime(entry["created"], ISO_SECONDS)
                entry["created"] = entry["lastModified"] = (created - datetime.timedelta(seconds=seconds)).strftime(ISO_SECONDS)
            return len(self.history)

    def receive_sms(self, specs):
        """Deliver received SMS to the history, at once or, with ``after_polls``, while GET /history is being polled."""
        items = [validate_received(spec) for spec in (specs if isinstance(specs, list) else [specs])]
        with self.lock:
            shown = []
            for received in items:
                if received["after_polls"] or received["in_reply_to"]:
                    received["polls_seen"] = 0
                    self.held_sms.append(received)
                    shown.append(dict(received, held=True))
                else:
                    self.history.append(received_entry(self._new_history_id(), received, self.api_now()))
                    shown.append(dict(self.history[-1]))
            return shown

    def history_polled(self):
        """Count a GET /history; the held SMS whose polls have passed arrive now, before it is answered."""
        with self.lock:
            held = []
            for received in self.held_sms:
                if received["in_reply_to"]:
                    held.append(received)
                elif received["polls_seen"] >= received["after_polls"]:
                    self.history.append(received_entry(self._new_history_id(), received, self.api_now()))
                else:
                    received["polls_seen"] += 1
                    held.append(received)
            self.held_sms = held

    def update_history(self, entry_id, body):
        """PUT /history/{entryId}: change read, archived, starred or note; None for an unknown entry, else a problem or ''."""
        with self.lock:
            entry = next((item for item in self.history if item["id"] == entry_id), None)
            if entry is None:
                return None
            for name, value in body.items():
                if name not in UPDATABLE_FIELDS:
                    return "unknown field %r; known: %s" % (name, ", ".join(sorted(UPDATABLE_FIELDS)))
                if not isinstance(value, UPDATABLE_FIELDS[name]):
                    return "'%s' must be %s" % (name, "true or false" if UPDATABLE_FIELDS[name] is bool else "a string")
            entry.update(body)
            entry["lastModified"] = self.api_now().strftime(ISO_SECONDS)
            return ""

    def add_faults(self, specs):
        rules = [validate_fault(spec) for spec in (specs if isinstance(specs, list) else [specs])]
        with self.lock:
            for rule in rules:
                rule.update(id=self._next("fault"), hits=0)
                self.faults.append(rule)
            return copy.deepcopy(rules)

    def take_fault(self, method, path, body):
        """The first fault rule that matches this request, counted as used; None when none does."""
        with self.lock:
            for rule in self.faults:
                if rule["times"] is not None and rule["hits"] >= rule["times"]:
                    continue
                if rule["method"] not in (None, method):
                    continue
                if rule["path"] is not None and not fnmatch.fnmatchcase(path, rule["path"]):
                    continue
                if rule["recipient"] is not None and not (isinstance(body, dict) and body.get("recipient") == rule["recipient"]):
                    continue
                rule["hits"] += 1
                return dict(rule)
            return None

    def snapshot(self, what):
        with self.lock:
            return copy.deepcopy(getattr(self, what))

    def clear(self, what):
        with self.lock:
            getattr(self, what)[:] = []


__all__ = ["ConfigError", "SandboxState", "validate_fault", "utc_now"]
