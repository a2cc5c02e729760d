# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox account: its built-in credentials, extensions and caller ids, and the rules for changing them."""
from __future__ import annotations

import copy

# The built-in credentials. Everything that talks to the sandbox takes them from here (or from `python -m sandbox start`).
TOKEN_ID = "token-SANDBX"
TOKEN = "0b6c3b8e-5a1f-4c3e-9a57-5ad1b0c0ffee"
LOGIN = ("sandbox@example.com", "sandbox-password")
ACCESS_TOKEN = "sandbox-access-token"

USER_ID = "w0"
USERINFO = {"sub": USER_ID, "domain": "sipgate.de", "masterSipId": "1234567", "locale": "de_DE"}
BUILT_IN_SENDER = "sipgate"
# The account's number that receives SMS (s0's sender number): what a received SMS names as its target by default.
RECEIVING_NUMBER = "+4915799912345"
RECEIVING_SMS_ID = "s0"
SEND_AT_MAX_DAYS = 30

DEFAULT_CONFIG = {
    # Personal access tokens by id; more can be added with their scopes.
    "tokens": [{"token_id": TOKEN_ID, "token": TOKEN, "scopes": ["all"]}],
    "sms_extensions": [
        {"id": "s0", "alias": "SMS von Douglas Engelbart"},
        {"id": "s1", "alias": "Ops alerts"},
    ],
    # Each extension's caller ids; the one marked defaultNumber is its callerId in the extension list.
    "caller_ids": {
        "s0": [
            {"id": 0, "phonenumber": BUILT_IN_SENDER, "verified": True, "defaultNumber": False},
            {"id": 1, "phonenumber": "+4915799912345", "verified": True, "defaultNumber": True},
        ],
        "s1": [
            {"id": 0, "phonenumber": BUILT_IN_SENDER, "verified": True, "defaultNumber": True},
        ],
    },
    "balance_exhausted": False,
    # What GET /balance answers: amount in ten-thousandths of the currency. At zero or less every SMS gets 402.
    "balance": {"amount": 123400, "currency": "EUR"},
    "latency_ms": 0,
    # How many seconds the API's clock is ahead of this machine's (negative: behind): its Date header and the times
    # of its history entries.
    "clock_offset_s": 0,
}


class ConfigError(ValueError):
    """An invalid configuration change or fault rule."""


def require(condition, message):
    if not condition:
        raise ConfigError(message)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def merge_config(base, patch):
    """A new config: ``base`` with the partial ``patch`` merged in.

    Top-level values are replaced, except ``tokens`` (merged by ``token_id``; ``"remove": true`` deletes one) and
    ``caller_ids`` (replaced per extension).
    """
    require(isinstance(patch, dict), "config must be a JSON object")
    unknown = sorted(set(patch) - set(DEFAULT_CONFIG))
    require(not unknown, "unknown config key(s): %s; known: %s" % (", ".join(unknown), ", ".join(DEFAULT_CONFIG)))
    new = copy.deepcopy(base)
    for key, value in patch.items():
        if key == "tokens":
            new["tokens"] = _merge_tokens(new["tokens"], value)
        elif key == "sms_extensions":
            require(isinstance(value, list) and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value),
                    "sms_extensions must be a list of objects with a string id")
            new[key] = copy.deepcopy(value)
        elif key == "caller_ids":
            require(isinstance(value, dict) and all(isinstance(items, list) and all(isinstance(item, dict) for item in items)
                                                    for items in value.values()),
                    "caller_ids must map extension ids to lists of objects")
            new[key].update(copy.deepcopy(value))
        elif key == "balance_exhausted":
            require(isinstance(value, bool), "balance_exhausted must be true or false")
            new[key] = value
        elif key == "balance":
            require(isinstance(value, dict) and set(value) <= {"amount", "currency"}, "balance must be an object with amount and currency")
            balance = dict(new[key], **value)
            require(isinstance(balance["amount"], int) and not isinstance(balance["amount"], bool), "balance amount must be an integer")
            require(isinstance(balance["currency"], str) and balance["currency"], "balance currency must be a non-empty string")
            new[key] = balance
        elif key == "clock_offset_s":
            require(is_number(value) and abs(value) <= 86400 * 365, "clock_offset_s must be a number of seconds within a year")
            new[key] = value
        else:
            require(is_number(value) and value >= 0, "latency_ms must be a number >= 0")
            new[key] = value
    return new


def _merge_tokens(current, patch):
    require(isinstance(patch, list) and all(isinstance(entry, dict) for entry in patch), "tokens must be a list of objects")
    tokens = dict((entry["token_id"], dict(entry)) for entry in current)
    for entry in patch:
        unknown = sorted(set(entry) - {"token_id", "token", "scopes", "remove"})
        require(not unknown, "tokens: unknown field(s) %s" % ", ".join(unknown))
        token_id = entry.get("token_id")
        require(isinstance(token_id, str) and token_id, "tokens: each entry needs a token_id")
        if entry.get("remove"):
            tokens.pop(token_id, None)
            continue
        token = dict(tokens.get(token_id) or {"token_id": token_id, "scopes": ["all"]})
        if "token" in entry:
            require(isinstance(entry["token"], str) and entry["token"], "tokens: token must be a non-empty string")
            token["token"] = entry["token"]
        if "scopes" in entry:
            require(isinstance(entry["scopes"], list) and all(isinstance(scope, str) for scope in entry["scopes"]),
                    "tokens: scopes must be a list of strings")
            token["scopes"] = list(entry["scopes"])
        require("token" in token, "tokens: a new token needs its token")
        tokens[token_id] = token
    return list(tokens.values())


def without_secrets(config):
    """``config`` as the control API shows it: without the tokens' secrets."""
    shown = copy.deepcopy(config)
    shown["tokens"] = [dict((key, value) for key, value in entry.items() if key != "token") for entry in shown["tokens"]]
    return shown
