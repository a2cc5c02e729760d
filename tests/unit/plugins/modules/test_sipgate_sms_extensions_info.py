# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms_extensions_info module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_extensions_info
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, read_timeout

S0 = {'id': 's0', 'alias': 'SMS von Douglas Engelbart', 'caller_id': '+4915799912345'}
S1 = {'id': 's1', 'alias': 'Ops alerts', 'caller_id': 'sipgate'}
S0_CALLER_IDS = [
    {'id': 0, 'number': 'sipgate', 'phonenumber': 'sipgate', 'verified': True, 'default': True},
    {'id': 1, 'number': '+4915799912345', 'phonenumber': '+4915799912345', 'verified': True, 'default': False},
    {'id': 2, 'number': '+4915799912399', 'phonenumber': '+4915799912399', 'verified': False, 'default': False},
]


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_sms_extensions_info)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN), **args)


def test_lists_the_extensions_of_the_authenticated_user(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json')]
    rc, out, result = run(task())
    assert rc == 0
    assert result['changed'] is False
    assert result['user_id'] == 'w0'
    assert result['sms_extensions'] == [S0, S1]
    assert api.calls == [('GET', '/v2/authorization/userinfo'), ('GET', '/v2/w0/sms')]
    assert TOKEN not in out


def test_a_given_user_id_skips_the_discovery(api, run):
    api.answers = [json_answer(200, 'sms_extensions.json')]
    rc, dummy, result = run(task(user_id='w0'))
    assert rc == 0
    assert api.calls == [('GET', '/v2/w0/sms')]


def test_sms_id_filters_and_caller_ids_are_read_for_what_is_left(api, run):
    api.answers = [json_answer(200, 'sms_extensions.json'), json_answer(200, 'sms_callerids_s0.json')]
    rc, dummy, result = run(task(user_id='w0', sms_id='s0', caller_ids=True))
    assert rc == 0
    assert result['sms_extensions'] == [dict(S0, caller_ids=S0_CALLER_IDS, default_caller_id='sipgate')]
    assert api.calls == [('GET', '/v2/w0/sms'), ('GET', '/v2/w0/sms/s0/callerids')]


def test_an_unknown_sms_id_is_an_empty_list(api, run):
    api.answers = [json_answer(200, 'sms_extensions.json')]
    rc, dummy, result = run(task(user_id='w0', sms_id='s7', caller_ids=True))
    assert rc == 0
    assert result['sms_extensions'] == []
    assert api.calls == [('GET', '/v2/w0/sms')]


def test_check_mode_reads_the_same(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions_empty.json')]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 0
    assert result['sms_extensions'] == []


@pytest.mark.parametrize('args, words', [
    (dict(user_id='W0'), ["user_id 'W0' is not a sipgate user id such as w0."]),
    (dict(sms_id='x1'), ["sms_id 'x1' is not a Web SMS extension id such as s0 or s1."]),
    (dict(user_id='x', sms_id='y', timeout=-1), ["user_id 'x'", "sms_id 'y'", 'timeout must be a positive number']),
    (dict(token=None), ['token is missing']),
    (dict(user_id='0'), ["user_id '0' is not a sipgate user id"]),
    (dict(user_id='w01'), ["user_id 'w01' is not a sipgate user id"]),
])
def test_invalid_input_fails_before_any_request(api, run, args, words):
    rc, dummy, result = run(dict((name, value) for name, value in task(**args).items() if value is not None))
    assert rc == 1
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_a_missing_scope_names_it(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task())
    assert rc == 1
    assert result['http_status'] == 403
    assert result['user_id'] == 'w0'
    assert 'Listing the SMS extensions of w0 failed with HTTP 403' in result['msg']
    assert 'sms:read' in result['msg']


def test_a_malformed_answer_is_a_clear_error(api, run):
    api.answers = [json_answer(200, data={'sub': 'w0'}), json_answer(200, data={'extensions': []})]
    rc, dummy, result = run(task())
    assert rc == 1
    assert 'unexpected form' in result['msg'] and '"items"' in result['msg']


def test_connection_options_and_credentials_from_the_environment(api, run, monkeypatch):
    monkeypatch.setenv('SIPGATE_TOKEN_ID', TOKEN_ID)
    monkeypatch.setenv('SIPGATE_TOKEN', TOKEN)
    monkeypatch.setenv('SIPGATE_API_URL', 'http://127.0.0.1:8/v2')
    monkeypatch.setenv('SIPGATE_TIMEOUT', '2.5')
    monkeypatch.setenv('SIPGATE_RETRIES', '1')
    monkeypatch.setenv('SIPGATE_VALIDATE_CERTS', 'false')
    # Blank variables count as unset, as an AWX credential injector renders an empty optional field.
    monkeypatch.setenv('SIPGATE_ACCESS_TOKEN', '')
    api.answers = [read_timeout, json_answer(200, 'sms_extensions.json')]
    rc, dummy, result = run(dict(user_id='w0'))
    assert rc == 0, result
    assert api.calls == [('GET', '/v2/w0/sms')] * 2
    assert api.requests[0].url == 'http://127.0.0.1:8/v2/w0/sms'
    assert [options['timeout'] for options in api.send_options] == [2.5, 2.5]
    assert api.send_options[0]['verify'] is False


def test_task_options_win_over_the_environment(api, run, monkeypatch):
    monkeypatch.setenv('SIPGATE_RETRIES', '5')
    monkeypatch.setenv('SIPGATE_TIMEOUT', '2.5')
    api.answers = [read_timeout]
    rc, dummy, result = run(task(user_id='w0', retries=0, timeout=4))
    assert rc == 1
    assert len(api.requests) == 1
    assert api.send_options[0]['timeout'] == 4


def test_a_caller_id_number_has_one_name_in_every_module():
    """caller_id.number (sipgate_sms_caller_id) is caller_ids[].number everywhere, phonenumber its documented alias."""
    import yaml
    from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_caller_id, sipgate_sms_extension
    info = yaml.safe_load(sipgate_sms_extensions_info.RETURN)['sms_extensions']['contains']['caller_ids']['contains']
    assert 'number' in info and 'removed in version 2.0.0' in ' '.join(info['phonenumber']['description'])
    extension = yaml.safe_load(sipgate_sms_extension.RETURN)['extension']
    assert all(set(entry) == {'id', 'number', 'phonenumber', 'verified', 'default'} for entry in extension['sample']['caller_ids'])
    assert 'C(number)' in extension['contains']['caller_ids']['description'][0]
    assert set(yaml.safe_load(sipgate_sms_caller_id.RETURN)['caller_id']['contains']) == {'id', 'number', 'verified', 'default'}
