# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms_extension module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools
import json

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_extension
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, no_content, read_timeout


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_sms_extension)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN, sms_id='s1'), **args)


def extensions(s1_alias='Ops alerts', s1_caller_id='sipgate'):
    return json_answer(200, data={'items': [{'id': 's0', 'alias': 'SMS von Douglas Engelbart', 'callerId': '+4915799912345'},
                                            {'id': 's1', 'alias': s1_alias, 'callerId': s1_caller_id}]})


def caller_ids(default=0):
    return json_answer(200, data={'items': [
        {'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': default == 0},
        {'id': 4, 'phonenumber': '+4915799912345', 'verified': True, 'defaultNumber': default == 4},
        {'id': 5, 'phonenumber': '+4915799912399', 'verified': False, 'defaultNumber': False}]})


def writes(api):
    return [(request.method, request.path_url, json.loads(request.body)) for request in api.requests if request.method != 'GET']


def test_nothing_differs_nothing_is_written(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), extensions(), caller_ids(0)]
    rc, dummy, result = run(task(alias='Ops alerts', default_sender='sipgate'))
    assert rc == 0, result
    assert result['changed'] is False and result['changes'] == []
    assert writes(api) == []
    assert result['extension']['alias'] == 'Ops alerts'
    assert result['extension']['default_caller_id'] == 'sipgate'
    assert [entry['id'] for entry in result['extension']['caller_ids']] == [0, 4, 5]


def test_alias_and_default_sender_are_written_then_read_again(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), extensions('Old name'), caller_ids(0),
                   no_content(), extensions('New name'),
                   no_content(), caller_ids(4), extensions('New name', '+4915799912345')]
    rc, dummy, result = run(task(alias='New name', default_sender='0157 9991 2345', default_country_code='49'), diff=True)
    assert rc == 0, result
    assert result['changed'] is True and result['changes'] == ['alias', 'default_sender']
    assert writes(api) == [('PUT', '/v2/w0/sms/s1', {'alias': 'New name'}), ('PUT', '/v2/w0/sms/s1/callerids/4', {'defaultNumber': True})]
    assert result['extension'] == {
        'id': 's1', 'alias': 'New name', 'caller_id': '+4915799912345', 'default_caller_id': '+4915799912345',
        'caller_ids': [{'id': 0, 'number': 'sipgate', 'phonenumber': 'sipgate', 'verified': True, 'default': False},
                       {'id': 4, 'number': '+4915799912345', 'phonenumber': '+4915799912345', 'verified': True, 'default': True},
                       {'id': 5, 'number': '+4915799912399', 'phonenumber': '+4915799912399', 'verified': False, 'default': False}]}
    assert result['diff']['before'] == {'alias': 'Old name', 'default_sender': 'sipgate'}
    assert result['diff']['after'] == {'alias': 'New name', 'default_sender': '+4915799912345'}


def test_a_failed_second_write_tells_what_did_change(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), extensions('Old name'), caller_ids(0),
                   no_content(), extensions('New name'),
                   json_answer(403, data={'message': 'Forbidden'}),
                   extensions('New name'), caller_ids(0)]
    rc, dummy, result = run(task(alias='New name', default_sender='+4915799912345'))
    assert rc == 1
    assert result['changed'] is True and result['changes'] == ['alias']
    assert result['msg'].startswith('alias was changed, default_sender was not: Making +4915799912345 the sender of s1 failed with '
                                    'HTTP 403')
    assert result['http_status'] == 403
    assert result['extension']['alias'] == 'New name' and result['extension']['default_caller_id'] == 'sipgate'


def test_a_failed_first_write_changes_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), extensions('Old name'), caller_ids(0), json_answer(403, data={'message': 'Forbidden'})]
    rc, dummy, result = run(task(alias='New name', default_sender='+4915799912345'))
    assert rc == 1
    assert result['changed'] is False and result['changes'] == [] and 'extension' not in result
    assert writes(api) == [('PUT', '/v2/w0/sms/s1', {'alias': 'New name'})]


def test_check_mode_reports_and_writes_nothing(api, run):
    api.answers = [extensions('Old name'), caller_ids(0)]
    rc, dummy, result = run(task(user_id='w0', alias='New name', default_sender='+4915799912345'), check_mode=True)
    assert rc == 0, result
    assert result['changed'] is True and result['changes'] == ['alias', 'default_sender']
    assert writes(api) == []
    assert result['extension']['alias'] == 'Old name'


@pytest.mark.parametrize('sender, words', [
    ('+4915799912399', ['is not verified yet']),
    ('+4915799912300', ['not registered', 's1 can send as: sipgate, +4915799912345']),
])
def test_an_unusable_default_sender_fails_before_any_write(api, run, sender, words):
    api.answers = [extensions('Old name'), caller_ids(0)]
    rc, dummy, result = run(task(user_id='w0', alias='New name', default_sender=sender))
    assert rc == 1
    assert result['msg'].startswith('Nothing was changed: default_sender: the sender %s' % sender)
    for word in words:
        assert word in result['msg']
    assert writes(api) == []


def test_an_unknown_extension_is_named_with_the_ones_the_account_has(api, run):
    api.answers = [extensions()]
    rc, dummy, result = run(task(user_id='w0', sms_id='s7', alias='x'))
    assert rc == 1
    assert "sms_id 's7' does not exist for this account; it has: s0, s1." in result['msg']


@pytest.mark.parametrize('args, words', [
    (dict(alias='  '), ['alias must not be empty']),
    (dict(default_sender='+49 0157 9991 2345'), ['default_sender:', 'national trunk prefix']),
    (dict(sms_id='S1'), ["sms_id 'S1'"]),
    (dict(user_id='x'), ["user_id 'x'"]),
    (dict(sms_id='s1\n'), ['is not a Web SMS extension id']),
    (dict(user_id='w0\n'), ['is not a sipgate user id']),
])
def test_invalid_input_fails_before_any_request(api, run, args, words):
    rc, dummy, result = run(task(**args))
    assert rc == 1
    assert result['msg'].startswith('Nothing was changed: ')
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_a_missing_write_scope_is_named(api, run):
    api.answers = [extensions('Old name'), caller_ids(0), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(user_id='w0', alias='New name'))
    assert rc == 1
    assert result['http_status'] == 403
    assert 'Renaming s1 failed with HTTP 403: no permission: the token lacks the scope sms:write' in result['msg']


def test_a_rename_whose_outcome_is_unknown_is_read_again_not_repeated(api, run):
    api.answers = [extensions('Old name'), caller_ids(0), read_timeout, extensions('New name')]
    rc, dummy, result = run(task(user_id='w0', alias='New name'))
    assert rc == 0, result
    assert result['extension']['alias'] == 'New name'
    assert len(writes(api)) == 1


def test_a_rename_that_did_not_happen_says_so(api, run):
    api.answers = [extensions('Old name'), caller_ids(0), read_timeout, extensions('Old name')]
    rc, dummy, result = run(task(user_id='w0', alias='New name'))
    assert rc == 1
    assert "Reading it again shows that the alias of s1 is still 'Old name'; it was not tried again." in result['msg']
    assert len(writes(api)) == 1
