# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only action: drive the sandbox's control API (/_sandbox) from a playbook, in the controller, in one task.

See ../README.md. Arguments, each optional, carried out in this order:
  reset: true                POST /reset (start account; empty outbox, request log, faults and codes)
  clear: [outbox, requests, faults]  DELETE each
  config: {...}              PUT /config (a change merged into the account)
  faults: {...} or [...]     POST /faults (one rule or a list)
  age_history: N             POST /history/age (every history entry dated N seconds earlier)
  receive_sms: {...} or [...]  POST /received-sms: the account receives SMS ({source, text} and optionally target,
                             created, sms_id, after_polls); the result's received_sms lists them
  read: [outbox, requests, verification-codes, faults, config, health, history]
                             GET each, in the order given; the result holds it under its name (verification-codes as
                             verification_codes). history is the API's GET /history?types=SMS&limit=100,
                             with the variables sandbox_api_url, sandbox_token_id and sandbox_token; it is logged
                             as a request like any other
  url: the sandbox root URL; default the variable sandbox_url, else the environment variable SANDBOX_URL
The task never reports a change. It runs in the controller process, so it costs no module run.
"""
from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

READABLE = ('outbox', 'requests', 'verification-codes', 'faults', 'config', 'health', 'history')
CLEARABLE = ('outbox', 'requests', 'faults')
ARGUMENTS = frozenset(['url', 'reset', 'clear', 'config', 'faults', 'age_history', 'receive_sms', 'read'])


# The sandbox is on 127.0.0.1: never through a proxy of the environment (a test may point http_proxy elsewhere).
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(url, method, path, body=None, prefix='/_sandbox', headers=None):
    """One control request (or, with prefix '' and headers, one API request); the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode('utf-8')
    headers = dict(headers or {}, **{'Content-Type': 'application/json'})
    request = urllib.request.Request(url.rstrip('/') + prefix + path, data=data, method=method, headers=headers)
    try:
        with OPENER.open(request, timeout=30) as answer:
            return json.loads(answer.read().decode('utf-8'))
    except urllib.error.HTTPError as problem:
        raise AnsibleActionFail('%s %s%s: HTTP %d %s' % (method, prefix, path, problem.code, problem.read().decode('utf-8', 'replace')))
    except (OSError, ValueError) as problem:
        raise AnsibleActionFail('%s %s%s on %s failed: %s' % (method, prefix, path, url, problem))


def history(task_vars, templar):
    """The account's SMS history as the API answers it, read with the sandbox's token."""
    try:
        api_url, token_id, token = (templar.template(task_vars[name]) for name in ('sandbox_api_url', 'sandbox_token_id', 'sandbox_token'))
    except KeyError as missing:
        raise AnsibleActionFail('read history needs the variable %s' % missing)
    basic = base64.b64encode(('%s:%s' % (token_id, token)).encode('utf-8')).decode('ascii')
    return call(api_url, 'GET', '/history?types=SMS&limit=100', prefix='', headers={'Authorization': 'Basic ' + basic})['items']


def names(value, allowed, argument):
    value = [value] if isinstance(value, str) else list(value or [])
    unknown = [name for name in value if name not in allowed]
    if unknown:
        raise AnsibleActionFail('%s: unknown %s; use %s' % (argument, ', '.join(map(str, unknown)), ', '.join(allowed)))
    return value


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        unknown = sorted(set(args) - ARGUMENTS)
        if unknown:
            raise AnsibleActionFail('unknown argument(s) %s; known: %s' % (', '.join(unknown), ', '.join(sorted(ARGUMENTS))))
        url = args.get('url') or (task_vars or {}).get('sandbox_url') or os.environ.get('SANDBOX_URL')
        if not url:
            raise AnsibleActionFail('no sandbox: pass url, or set the variable sandbox_url or the environment variable SANDBOX_URL')
        url = self._templar.template(url)
        if args.get('reset'):
            call(url, 'POST', '/reset')
        for name in names(args.get('clear'), CLEARABLE, 'clear'):
            call(url, 'DELETE', '/' + name)
        if args.get('config') is not None:
            call(url, 'PUT', '/config', args['config'])
        if args.get('faults') is not None:
            faults = args['faults'] if isinstance(args['faults'], list) else [args['faults']]
            result['added_faults'] = call(url, 'POST', '/faults', faults)['items']
        if args.get('age_history') is not None:
            call(url, 'POST', '/history/age', {'seconds': args['age_history']})
        if args.get('receive_sms') is not None:
            received = args['receive_sms'] if isinstance(args['receive_sms'], list) else [args['receive_sms']]
            result['received_sms'] = call(url, 'POST', '/received-sms', received)['items']
        for name in names(args.get('read'), READABLE, 'read'):
            if name == 'history':
                result['history'] = history(task_vars or {}, self._templar)
                continue
            answer = call(url, 'GET', '/' + name)
            result[name.replace('-', '_')] = answer['items'] if name in ('outbox', 'requests', 'verification-codes', 'faults') else answer
        result['changed'] = False
        return result
