# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_balance_info module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_balance_info
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_balance_info)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN), **args)


@pytest.mark.parametrize('check_mode', [False, True])
def test_reads_the_balance(api, run, check_mode):
    api.answers = [json_answer(200, 'balance.json')]
    rc, dummy, result = run(task(), check_mode=check_mode)
    assert rc == 0
    assert result['changed'] is False
    assert result['balance'] == {'amount': 123400, 'currency': 'EUR', 'value': 12.34}
    assert api.calls == [('GET', '/v2/balance')]


def test_without_balance_read_it_fails_naming_the_scope(api, run):
    api.answers = [json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task())
    assert rc == 1
    assert result['http_status'] == 403
    assert result['msg'].startswith('Reading the balance failed with HTTP 403: no permission: the token lacks the scope balance:read.')


def test_missing_credentials_fail_before_any_request(api, run):
    rc, dummy, result = run({})
    assert rc == 1
    assert 'token_id' in result['msg'] and api.requests == []
