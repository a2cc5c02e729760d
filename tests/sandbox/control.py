# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API under /_sandbox: what tests read (outbox, request log, verification codes) and change (config, faults)."""
from __future__ import annotations

from .api import Reply, error
from .config import ConfigError


def handle(server, method, path, raw, loads):
    """The answer to a control request; ``server`` is the SandboxServer (its state and its stop)."""
    state = server.state
    routes = {
        "/health": {"GET": lambda: Reply(200, server.health())},
        "/outbox": {"GET": lambda: Reply(200, {"items": state.snapshot("outbox")}), "DELETE": lambda: _cleared(state, "outbox")},
        "/requests": {"GET": lambda: Reply(200, {"items": state.snapshot("requests")}), "DELETE": lambda: _cleared(state, "requests")},
        "/faults": {"GET": lambda: Reply(200, {"items": state.snapshot("faults")}), "DELETE": lambda: _cleared(state, "faults"),
                    "POST": lambda: _changed(raw, loads, lambda body: Reply(201, {"items": state.add_faults(body)}))},
        "/config": {"GET": lambda: Reply(200, state.shown_config()),
                    "PUT": lambda: _changed(raw, loads, lambda body: Reply(200, state.configure(body)))},
        "/verification-codes": {"GET": lambda: Reply(200, {"items": state.verification_codes()})},
        "/history/age": {"POST": lambda: _changed(raw, loads, lambda body: _aged(state, body))},
        "/received-sms": {"POST": lambda: _changed(raw, loads, lambda body: Reply(201, {"items": state.receive_sms(body)}))},
        "/reset": {"POST": lambda: _reset(state)},
        "/shutdown": {"POST": lambda: _shutdown(server)},
    }
    if path not in routes:
        return error(404, "Not found")
    if method not in routes[path]:
        return error(405, "Method not allowed", {"Allow": ", ".join(sorted(routes[path]))})
    return routes[path][method]()


def _cleared(state, what):
    state.clear(what)
    return Reply(200, {"items": []})


def _aged(state, body):
    if not isinstance(body, dict) or set(body) != {"seconds"}:
        raise ConfigError('the body must be {"seconds": N}')
    return Reply(200, {"aged": state.age_history(body["seconds"])})


def _reset(state):
    state.reset()
    return Reply(200, {"status": "reset"})


def _shutdown(server):
    # The server stops only once this answer has been written: the client always gets it.
    return Reply(200, {"status": "shutting down"}, after=lambda: server.stop_soon("shutdown requested"))


def _changed(raw, loads, apply):
    try:
        body = loads(raw)
    except ValueError:
        return error(400, "the body must be valid JSON")
    try:
        return apply(body)
    except ConfigError as problem:
        return error(400, str(problem))
