# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms_caller_id module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools
import json

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_caller_id
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, Answer, dropped, json_answer, no_content

NUMBER = '+4915799912345'
CODE = '482915'


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_sms_caller_id)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN, user_id='w0', sms_id='s1', number='+49 157 9991 2345'), **args)


def caller_ids(number=None, verified=False, default=False):
    """The caller ids of s1; ``number`` is listed as id 7 when given."""
    items = [{'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': not default}]
    if number:
        items.append({'id': 7, 'phonenumber': number, 'verified': verified, 'defaultNumber': default})
    return json_answer(200, data={'items': items})


def extensions():
    return json_answer(200, 'sms_extensions.json')


def writes(api):
    return [(request.method, request.path_url, json.loads(request.body) if request.body else None)
            for request in api.requests if request.method != 'GET']


def test_a_missing_number_is_added_and_waits_for_its_code(api, run):
    api.answers = [extensions(), caller_ids(), no_content(), caller_ids(NUMBER)]
    rc, out, result = run(task(), diff=True)
    assert rc == 0, result
    assert result['changed'] is True
    assert writes(api) == [('POST', '/v2/w0/sms/s1/callerids', {'phonenumber': NUMBER})]
    assert result['caller_id'] == {'id': 7, 'number': NUMBER, 'verified': False, 'default': False}
    assert result['verification_pending'] is True
    assert 'sipgate texted it a verification code; run the task again with verification_code' in result['msg']
    assert result['diff']['before'] == {}


def test_an_add_the_api_processed_before_answering_503_is_told_as_added(api, run):
    """A 503 may come after the API took the write: it is not sent again, and reading again shows the number was added."""
    api.answers = [extensions(), caller_ids(), json_answer(503, data={'message': 'unavailable'}, headers={'Retry-After': '0'}),
                   caller_ids(NUMBER)]
    rc, dummy, result = run(task())
    assert rc == 0, result
    assert writes(api) == [('POST', '/v2/w0/sms/s1/callerids', {'phonenumber': NUMBER})]
    assert result['changed'] is True and result['verification_pending'] is True
    assert result['caller_id'] == {'id': 7, 'number': NUMBER, 'verified': False, 'default': False}
    assert 'sipgate texted it a verification code' in result['msg']


def test_an_add_refused_on_its_retry_counts_when_reading_again_shows_it_took_effect(api, run):
    """A 429 retried, then refused as already there (another task added it meanwhile): the number is there."""
    api.answers = [extensions(), caller_ids(), json_answer(429, data={'message': 'slow down'}, headers={'Retry-After': '0'}),
                   json_answer(400, data={'message': 'Phonenumber is already a caller id'}), caller_ids(NUMBER)]
    rc, dummy, result = run(task())
    assert rc == 0, result
    assert writes(api) == [('POST', '/v2/w0/sms/s1/callerids', {'phonenumber': NUMBER})] * 2
    assert result['caller_id'] == {'id': 7, 'number': NUMBER, 'verified': False, 'default': False}


def test_a_refused_add_that_did_not_take_effect_fails(api, run):
    api.answers = [extensions(), caller_ids(), json_answer(400, data={'message': 'Invalid phonenumber'}), caller_ids()]
    rc, dummy, result = run(task())
    assert rc == 1 and result['changed'] is False and result['http_status'] == 400
    assert 'Invalid phonenumber' in result['msg']


def test_an_unverified_number_without_a_code_is_left_alone(api, run):
    api.answers = [extensions(), caller_ids(NUMBER)]
    rc, dummy, result = run(task())
    assert rc == 0
    assert result['changed'] is False
    assert writes(api) == []
    assert result['verification_pending'] is True
    assert 'waiting for verification' in result['msg']


def test_the_code_verifies_it_and_never_shows(api, run):
    api.answers = [extensions(), caller_ids(NUMBER), no_content(), caller_ids(NUMBER, verified=True)]
    rc, out, result = run(task(verification_code=' %s ' % CODE))
    assert rc == 0, result
    assert result['changed'] is True
    assert writes(api) == [('POST', '/v2/w0/sms/s1/callerids/7/verification', {'verificationCode': CODE})]
    assert result['caller_id']['verified'] is True and result['verification_pending'] is False
    assert CODE not in out


def test_a_wrong_code_fails_clearly(api, run):
    api.answers = [extensions(), caller_ids(NUMBER), json_answer(400, data={'message': 'Invalid verification code'}), caller_ids(NUMBER)]
    rc, out, result = run(task(verification_code=CODE))
    assert rc == 1
    assert result['http_status'] == 400
    assert 'Verifying %s failed with HTTP 400: the verification code is wrong or has expired; the number stays unverified.' % NUMBER in result['msg']
    # The number is still there, waiting for a code: the result must not say it is gone.
    assert result['caller_id']['number'] == NUMBER and result['caller_id']['verified'] is False
    assert result['verification_pending'] is True
    assert CODE not in out


def test_a_verified_number_is_left_alone_whatever_the_code(api, run):
    api.answers = [extensions(), caller_ids(NUMBER, verified=True)]
    rc, dummy, result = run(task(verification_code=CODE))
    assert rc == 0
    assert result['changed'] is False and writes(api) == []
    assert result['msg'] == '%s is a verified caller id of s1.' % NUMBER


def test_a_code_for_a_number_not_added_yet_is_not_used(api, run):
    api.answers = [extensions(), caller_ids(), no_content(), caller_ids(NUMBER)]
    rc, out, result = run(task(verification_code=CODE))
    assert rc == 0
    assert [write[0] for write in writes(api)] == ['POST']
    assert 'verification_code was not used' in json.dumps(result['warnings'])
    assert CODE not in out


def test_absent_removes_it_and_then_changes_nothing(api, run):
    api.answers = [extensions(), caller_ids(NUMBER, verified=True), no_content(), caller_ids()]
    rc, dummy, result = run(task(state='absent'))
    assert rc == 0, result
    assert result['changed'] is True and result['caller_id'] is None
    assert writes(api) == [('DELETE', '/v2/w0/sms/s1/callerids/7', None)]
    api.requests.clear()
    api.answers = [extensions(), caller_ids()]
    rc, dummy, result = run(task(state='absent'))
    assert rc == 0 and result['changed'] is False and writes(api) == []


def test_sipgate_cannot_be_removed(api, run):
    rc, dummy, result = run(task(number='sipgate', state='absent'))
    assert rc == 1
    assert 'the built-in sender sipgate cannot be removed' in result['msg']
    assert api.requests == []


def test_check_mode_writes_nothing(api, run):
    api.answers = [extensions(), caller_ids()]
    rc, dummy, result = run(task(), check_mode=True, diff=True)
    assert rc == 0
    assert result['changed'] is True and writes(api) == []
    assert result['caller_id'] is None
    assert result['diff']['after'] == {'id': None, 'number': NUMBER, 'verified': False, 'default': False}
    assert 'would be added' in result['msg']


def test_an_add_whose_outcome_is_unknown_is_read_again_not_repeated(api, run):
    api.answers = [extensions(), caller_ids(), dropped, caller_ids(NUMBER)]
    rc, dummy, result = run(task())
    assert rc == 0, result
    assert len(writes(api)) == 1
    assert result['caller_id']['number'] == NUMBER


def test_a_missing_scope_is_named(api, run):
    api.answers = [extensions(), caller_ids(), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task())
    assert rc == 1
    assert 'sms:callerid:write' in result['msg']


def test_an_unknown_extension_is_named(api, run):
    api.answers = [extensions()]
    rc, dummy, result = run(task(sms_id='s9'))
    assert rc == 1
    assert "sms_id 's9' does not exist for this account; it has: s0, s1." in result['msg']


@pytest.mark.parametrize('args, words', [
    (dict(number='0157 9991 2345'), ['number:', 'national number']),
    (dict(number='+49 (0) 157 abc'), ['number:', 'letters']),
    (dict(verification_code=' '), ['verification_code must not be empty']),
    (dict(verification_code='123456', state='absent'), ['verification_code', 'state=present, not state=absent']),
    (dict(state='gone'), ['state']),
    (dict(number='+49 0157 999 00777'), ['number:', 'national trunk prefix']),
    (dict(sms_id='S1'), ['is not a Web SMS extension id']),
])
def test_invalid_input_fails_before_any_request(api, run, args, words):
    rc, dummy, result = run(task(**args))
    assert rc == 1
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_a_number_in_another_form_is_the_same_caller_id(api, run):
    api.answers = [extensions(), caller_ids('0049 157 99912345', verified=True)]
    rc, dummy, result = run(task(number='+49 (0) 157 9991 2345'))
    assert rc == 0
    assert result['changed'] is False


def test_answers_of_writes_are_not_relied_on(api, run):
    api.answers = [extensions(), caller_ids(), Answer(201, '{"unexpected": true}', {'Content-Type': 'application/json'}), caller_ids(NUMBER)]
    rc, dummy, result = run(task())
    assert rc == 0
    assert result['caller_id']['id'] == 7
