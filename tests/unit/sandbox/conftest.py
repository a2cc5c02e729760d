# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One sandbox in this process on 127.0.0.1 for all tests, reset before each, and a plain HTTP caller for it."""
from __future__ import annotations

import base64
import http.client
import json

import pytest

from ansible_collections.sipgate.io.tests.sandbox.client import SandboxClient
from ansible_collections.sipgate.io.tests.sandbox.config import TOKEN, TOKEN_ID
from ansible_collections.sipgate.io.tests.sandbox.server import SandboxServer

BASIC = 'Basic ' + base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode()).decode()


class Answer(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.json = json.loads(body) if body and 'json' in (headers.get('Content-Type') or '') else None


class Caller(object):
    """Requests to the sandbox over one keep-alive connection, as the collection's client makes them."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.connection = http.client.HTTPConnection('127.0.0.1', sandbox.port, timeout=10)

    def __call__(self, method, path, body=None, auth=BASIC, content_type='application/json', raw=None, target=None):
        headers = {}
        if auth:
            headers['Authorization'] = auth
        if raw is None and body is not None:
            raw = json.dumps(body).encode()
        if raw is not None and content_type:
            headers['Content-Type'] = content_type
        self.connection.request(method, target or '/v2' + path, body=raw, headers=headers)
        response = self.connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())


@pytest.fixture(scope='session')
def shared_sandbox():
    with SandboxServer(idle_timeout=600) as server:
        yield server


@pytest.fixture
def sandbox(shared_sandbox):
    """The shared sandbox, back at its start: account, outbox, request log, faults and codes."""
    shared_sandbox.state.reset()
    return shared_sandbox


@pytest.fixture
def call(sandbox):
    caller = Caller(sandbox)
    yield caller
    caller.connection.close()


@pytest.fixture
def control(sandbox):
    return SandboxClient(sandbox.url)
