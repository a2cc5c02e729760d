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

from .config import DEFAULT_CONFIG, ConfigError, is_number, merge_config, require, without_secrets

FAULT_FIELDS = ("method", "path", "recipient", "status", "body", "content_type", "retry_after", "times", "delay_ms",
                "action", "process", "process_delay_ms")
FAULT_ACTIONS = ("respond", "close")


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def history_entry(number, sms, now):
    """A HistoryEntryResponse of an outgoing SMS, with the SMS fields sipgate's clients read (smsContent, scheduled)."""
    created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    scheduled = None
    if sms.get("sendAt") is not None:
        scheduled = datetime.datetime.fromtimestamp(int(sms["sendAt"]), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"id": str(number), "source": sms["sender"], "target": sms["recipient"], "sourceAlias": "",
            "targetAlias": "", "type": "SMS", "created": created, "lastModified": created, "direction": "OUTGOING",
            "incoming": False, "connectionIds": [sms["smsId"]], "read": False, "archived": False, "note": "",
            "endpoints": [], "starred": False, "labels": [], "smsContent": sms["message"], "scheduled": scheduled}


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
            self.requests = []
            self.faults = []
            self.codes = {}
            self._ids = {"outbox": 0, "request": 0, "fault": 0}

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
            self._history_id += 1
            self.history.append(history_entry(self._history_id, sms, self.api_now()))

    def api_now(self):
        """The time on the API's clock: this machine's, moved by clock_offset_s."""
        return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=self.config["clock_offset_s"])

    def age_history(self, seconds):
        """Date every history entry ``seconds`` earlier: time passing, for what looks back over a window of time."""
        require(is_number(seconds) and seconds >= 0, "seconds must be a number >= 0")
        with self.lock:
            for entry in self.history:
                created = datetime.datetime.strptime(entry["created"], "%Y-%m-%dT%H:%M:%SZ")
                entry["created"] = entry["lastModified"] = (created - datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
            return len(self.history)

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
