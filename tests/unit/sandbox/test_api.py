# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The /v2 API of the sandbox, over HTTP: authentication, scopes, validation and every endpoint the collection uses."""
from __future__ import annotations

import base64
import datetime
import email.utils
import time

import pytest

from ansible_collections.sipgate.io.tests.sandbox.config import ACCESS_TOKEN, LOGIN

SMS = {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'Hello'}
READ_ONLY = 'Basic ' + base64.b64encode(b'token-READON:22222222-2222-4222-8222-222222222222').decode()


def read_only_token(control, scopes=('sms:read',)):
    control.configure({'tokens': [{'token_id': 'token-READON', 'token': '22222222-2222-4222-8222-222222222222', 'scopes': list(scopes)}]})


# --- authentication and scopes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize('auth', [None, 'Basic bm9wZTpub3Bl', 'Bearer wrong', 'Digest x', 'Basic !!!'])
def test_bad_credentials_are_401(call, auth):
    answer = call('GET', '/authorization/userinfo', auth=auth)
    assert answer.status == 401
    assert answer.headers['WWW-Authenticate'].startswith('Basic')


def test_every_built_in_credential_works(call):
    login = 'Basic ' + base64.b64encode(('%s:%s' % LOGIN).encode()).decode()
    for auth in (None, login, 'Bearer ' + ACCESS_TOKEN):
        answer = call('GET', '/authorization/userinfo', **({} if auth is None else {'auth': auth}))
        assert answer.status == 200 and answer.json['sub'] == 'w0'


@pytest.mark.parametrize('method, path, body', [
    ('POST', '/sessions/sms', SMS),
    ('PUT', '/w0/sms/s0', {'alias': 'x'}),
    ('POST', '/w0/sms/s0/callerids', {'phonenumber': '+4915799900777'}),
    ('PUT', '/w0/sms/s0/callerids/0', {'defaultNumber': True}),
    ('DELETE', '/w0/sms/s0/callerids/1', None),
    ('POST', '/w0/sms/s0/callerids/1/verification', {'verificationCode': '1'}),
])
def test_a_read_only_token_may_not_write(call, control, method, path, body):
    read_only_token(control)
    answer = call(method, path, body, auth=READ_ONLY)
    assert answer.status == 403
    assert 'lack a required scope' in answer.json['message']


def test_a_send_only_token_may_not_read(call, control):
    read_only_token(control, scopes=['sessions:sms:write'])
    assert call('GET', '/w0/sms', auth=READ_ONLY).status == 403
    assert call('GET', '/authorization/userinfo', auth=READ_ONLY).status == 200
    assert call('POST', '/sessions/sms', SMS, auth=READ_ONLY).status == 204


def test_caller_id_scopes(call, control):
    read_only_token(control, scopes=['sms:callerid:read', 'sms:callerid:write'])
    assert call('GET', '/w0/sms/s0/callerids', auth=READ_ONLY).status == 200
    assert call('POST', '/w0/sms/s0/callerids', {'phonenumber': '+4915799900777'}, auth=READ_ONLY).status == 204
    assert call('PUT', '/w0/sms/s0', {'alias': 'x'}, auth=READ_ONLY).status == 403


# --- routing ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('method, path, status', [
    ('GET', '/nope', 404),
    ('GET', '/w0/sms/s0/callerids/x', 404),
    ('GET', '/sessions/sms', 405),
    ('DELETE', '/w0/sms', 405),
    ('GET', '/w9/sms', 404),
    ('GET', '/w0/sms/s9/callerids', 404),
    ('PUT', '/w0/sms/s0/callerids/99', 404),
])
def test_unknown_paths_methods_users_and_ids(call, method, path, status):
    assert call(method, path).status == status


def test_a_request_in_absolute_form_is_answered_and_logged(sandbox, call, control):
    answer = call('GET', None, target='%s/w0/sms' % sandbox.api_url)
    assert answer.status == 200
    assert [entry['path'] for entry in control.requests()] == ['/v2/w0/sms']


# --- sending ----------------------------------------------------------------------------------------------------------------


def test_an_sms_goes_to_the_outbox_with_its_sender(call, control):
    assert call('POST', '/sessions/sms', SMS).status == 204
    outbox = control.outbox()
    assert len(outbox) == 1
    assert dict((key, outbox[0][key]) for key in ('smsId', 'recipient', 'message', 'sendAt', 'sender', 'auth')) == dict(
        SMS, sendAt=None, sender='+4915799912345', auth='token')


@pytest.mark.parametrize('body, content_type, status, words', [
    (SMS, 'text/plain', 415, 'application/json'),
    (SMS, None, 415, 'application/json'),
    (b'{"smsId":', 'application/json', 400, 'not valid JSON'),
    ([SMS], 'application/json', 400, 'JSON object'),
    ({'recipient': '+4915799912345', 'message': 'x'}, 'application/json', 500, 'internal server error'),
    (dict(SMS, message='   '), 'application/json', 400, "'message'"),
    (dict(SMS, recipient='015799912345'), 'application/json', 400, 'international number'),
    (dict(SMS, sendAt=1), 'application/json', 400, 'in the future'),
    (dict(SMS, sendAt=int(time.time() * 1000)), 'application/json', 400, 'not milliseconds'),
    (dict(SMS, sendAt=1.5), 'application/json', 400, 'integer'),
    (dict(SMS, smsId='s7'), 'application/json', 403, 's7 is not an SMS extension'),
])
def test_send_validation(call, control, body, content_type, status, words):
    raw = body if isinstance(body, bytes) else None
    answer = call('POST', '/sessions/sms', None if raw else body, raw=raw, content_type=content_type)
    assert answer.status == status
    assert words in answer.json['message']
    assert control.outbox() == []


def test_send_at_in_seconds_as_number_or_digits(call, control):
    tomorrow = int(time.time()) + 86400
    assert call('POST', '/sessions/sms', dict(SMS, sendAt=tomorrow)).status == 204
    assert call('POST', '/sessions/sms', dict(SMS, sendAt=str(tomorrow))).status == 204
    assert [sms['sendAt'] for sms in control.outbox()] == [tomorrow, str(tomorrow)]


def test_an_exhausted_balance_is_402(call, control):
    control.configure({'balance_exhausted': True})
    assert call('POST', '/sessions/sms', SMS).status == 402
    assert call('POST', '/w0/sms/s0/callerids', {'phonenumber': '+4915799900777'}).status == 402


# --- extensions and caller ids --------------------------------------------------------------------------------------------


def test_extensions_name_their_default_sender(call):
    assert call('GET', '/w0/sms').json == {'items': [
        {'id': 's0', 'alias': 'SMS von Douglas Engelbart', 'callerId': '+4915799912345'},
        {'id': 's1', 'alias': 'Ops alerts', 'callerId': 'sipgate'}]}


def test_rename(call):
    assert call('PUT', '/w0/sms/s1', {'alias': 'Ops alerts (prod)'}).status == 204
    assert call('GET', '/w0/sms').json['items'][1]['alias'] == 'Ops alerts (prod)'
    assert call('PUT', '/w0/sms/s1', {'alias': ' '}).status == 400
    assert call('PUT', '/w0/sms/s1', {'alias': 'x'}, content_type='text/plain').status == 415
    assert call('PUT', '/w0/sms/s9', {'alias': 'x'}).json['message'] == 'Short message service not found'


def test_add_verify_choose_and_remove_a_sender(call, control):
    assert call('POST', '/w0/sms/s1/callerids', {'phonenumber': '+4915799900777'}).status == 204
    listed = call('GET', '/w0/sms/s1/callerids').json['items']
    assert listed[1] == {'id': 1, 'phonenumber': '+4915799900777', 'verified': False, 'defaultNumber': False}
    codes = control.verification_codes()
    assert [(code['smsId'], code['id'], code['phonenumber']) for code in codes] == [('s1', 1, '+4915799900777')]
    assert len(codes[0]['code']) == 6 and codes[0]['code'].isdigit()
    # Only a verified number can become the sender.
    assert call('PUT', '/w0/sms/s1/callerids/1', {'defaultNumber': True}).status == 400
    wrong = '000000' if codes[0]['code'] != '000000' else '111111'
    assert call('POST', '/w0/sms/s1/callerids/1/verification', {'verificationCode': wrong}).status == 400
    assert call('GET', '/w0/sms/s1/callerids').json['items'][1]['verified'] is False
    assert call('POST', '/w0/sms/s1/callerids/1/verification', {'verificationCode': codes[0]['code']}).status == 204
    assert control.verification_codes() == []
    assert call('POST', '/w0/sms/s1/callerids/1/verification', {'verificationCode': 'anything'}).status == 204
    # The string form sipgate's Node library sends.
    assert call('PUT', '/w0/sms/s1/callerids/1', {'defaultNumber': 'true'}).status == 204
    assert call('GET', '/w0/sms').json['items'][1]['callerId'] == '+4915799900777'
    assert call('POST', '/sessions/sms', dict(SMS, smsId='s1')).status == 204
    assert control.outbox()[0]['sender'] == '+4915799900777'
    # The default cannot be switched off, only replaced; removing it makes sipgate the default.
    assert call('PUT', '/w0/sms/s1/callerids/1', {'defaultNumber': False}).status == 400
    assert call('DELETE', '/w0/sms/s1/callerids/1').status == 204
    assert call('GET', '/w0/sms/s1/callerids').json['items'] == [{'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': True}]


@pytest.mark.parametrize('body, words', [
    ({'phonenumber': '015799900777'}, 'international number'),
    ({'phonenumber': '+4915799912345'}, 'already a caller id'),
    ({}, 'international number'),
])
def test_adding_a_bad_number(call, body, words):
    answer = call('POST', '/w0/sms/s0/callerids', body)
    assert answer.status == 400 and words in answer.json['message']


def test_sipgate_cannot_be_removed(call):
    answer = call('DELETE', '/w0/sms/s0/callerids/0')
    assert answer.status == 400 and 'cannot be removed' in answer.json['message']


def test_an_extension_without_caller_ids_has_the_sender_name(call, control):
    control.configure({'sms_extensions': [{'id': 's5', 'alias': 'New'}]})
    assert call('GET', '/w0/sms/s5/callerids').json['items'] == [{'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': True}]


def test_the_api_clock_dates_answers_and_history_entries(call, control):
    control.configure({'clock_offset_s': 300})
    before = time.time()
    answer = call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799912346', 'message': 'Clock.'})
    after = time.time()
    assert answer.status == 204
    dated = email.utils.parsedate_to_datetime(answer.headers['Date']).timestamp()
    assert int(before) + 300 <= dated <= after + 300
    created = call('GET', '/history').json['items'][0]['created']
    created_at = datetime.datetime.strptime(created, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp()
    assert int(before) + 300 <= created_at <= after + 300


@pytest.mark.parametrize('status', [408, 507, 508, 520, 524])
def test_a_fault_answers_what_proxies_answer_after_processing(call, control, status):
    control.add_fault(method='POST', path='/sessions/sms', status=status, process=True)
    answer = call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799912346', 'message': 'Late.'})
    assert answer.status == status
    assert len(control.outbox()) == 1
