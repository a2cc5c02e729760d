# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms module: main() runs as under Ansible, the API answers are replayed.

The network is stubbed at the requests boundary only: ``requests.adapters.HTTPAdapter.send`` replays recorded
answers and records the PreparedRequests, so the module, its API client and requests itself run for real.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import os
import re
import tempfile
import time

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _sender
from ansible_collections.sipgate.io.plugins.module_utils._lock import held
from ansible_collections.sipgate.io.plugins.module_utils._sender import lock_key
from ansible_collections.sipgate.io.plugins.modules import sipgate_sms
from ansible_collections.sipgate.io.tests.unit.replay import (
    TOKEN, TOKEN_ID, Answer, answered_together, dropped, json_answer, load_fixture, no_content, read_timeout,
)

BASIC_CREDENTIALS = base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode('ascii')).decode('ascii')
SEND_URL = 'https://api.sipgate.com/v2/sessions/sms'


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_sms)


def task(**args):
    # One request at a time, so that answers given in order go to the recipients in order; see "sending concurrently".
    base = dict(token_id=TOKEN_ID, token=TOKEN, sms_id='s0', to=['+4915799912345'], msg='Deployment of app 1.2.3 finished.',
                max_in_flight=1)
    base.update(args)
    return base


def in_two_days():
    when = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(days=2)
    return when, when.strftime('%Y-%m-%dT%H:%M:%SZ')


# --- sending -------------------------------------------------------------------------------------------------------


def test_one_recipient_is_sent(api, run):
    api.answers = [no_content()]
    rc, dummy, result = run(task(to=['0049 157 9991 2345']))
    assert rc == 0
    assert result['changed'] is True
    assert not result.get('failed')
    assert result['sms_id'] == 's0'
    assert result['messages'] == [{'recipient': '+4915799912345', 'input': '0049 157 9991 2345', 'status': 'sent', 'http_status': 204}]
    assert result['sent'] == 1
    assert result['failed_recipients'] == []
    assert result['message_info'] == {'length': 33, 'encoding': 'gsm7', 'segments': 1, 'units': 33}
    assert 'send_at' not in result
    assert api.calls == [('POST', '/v2/sessions/sms')]
    assert api.posts == [{'smsId': 's0', 'recipient': '+4915799912345', 'message': 'Deployment of app 1.2.3 finished.'}]
    request = api.requests[0]
    assert request.url == SEND_URL
    assert request.headers['Authorization'] == 'Basic %s' % BASIC_CREDENTIALS
    assert request.headers['Content-Type'] == 'application/json'
    assert request.headers['Accept'] == 'application/json'


def test_message_info_of_a_unicode_text(api, run):
    api.answers = [no_content()]
    rc, dummy, result = run(task(msg='Deploy fertig \U0001F680'))
    assert rc == 0
    assert result['message_info'] == {'length': 15, 'encoding': 'ucs2', 'segments': 1, 'units': 16}
    assert api.posts[0]['message'] == 'Deploy fertig \U0001F680'


def test_scheduled_sms_sends_send_at_as_unix_seconds(api, run):
    when, iso = in_two_days()
    api.answers = [no_content(), no_content()]
    rc, dummy, result = run(task(to=['+4915799912345', '+4915799912346'], send_at=iso))
    assert rc == 0
    assert result['send_at'] == iso
    assert [entry['status'] for entry in result['messages']] == ['scheduled', 'scheduled']
    assert [entry['send_at'] for entry in result['messages']] == [iso, iso]
    assert result['sent'] == 2
    expected = int(when.timestamp())
    for body in api.posts:
        assert body['sendAt'] == expected
        assert isinstance(body['sendAt'], int)


def test_duplicate_recipients_get_one_sms(api, run):
    api.answers = [no_content(), no_content()]
    rc, dummy, result = run(task(to=['+4915799912345', '0049 157 9991 2345', '+49 (157) 999-12345', '+4915799912346', '+4915799912346']))
    assert rc == 0
    assert [(entry['recipient'], entry['input']) for entry in result['messages']] == [
        ('+4915799912345', '+4915799912345'),
        ('+4915799912346', '+4915799912346'),
    ]
    assert [body['recipient'] for body in api.posts] == ['+4915799912345', '+4915799912346']
    assert result['sent'] == 2


def test_national_number_with_default_country_code(api, run):
    api.answers = [no_content()]
    rc, dummy, result = run(task(to=['0157 99912345'], default_country_code='49'))
    assert rc == 0
    assert api.posts[0]['recipient'] == '+4915799912345'
    assert result['messages'][0]['input'] == '0157 99912345'


def test_credentials_from_the_environment(api, run, monkeypatch):
    monkeypatch.setenv('SIPGATE_TOKEN_ID', TOKEN_ID)
    monkeypatch.setenv('SIPGATE_TOKEN', TOKEN)
    monkeypatch.setenv('SIPGATE_SMS_ID', 's1')
    api.answers = [no_content()]
    args = task()
    for name in ('token_id', 'token', 'sms_id'):
        del args[name]
    rc, out, result = run(args)
    assert rc == 0
    assert result['sms_id'] == 's1'
    assert api.posts[0]['smsId'] == 's1'
    assert api.requests[0].headers['Authorization'] == 'Basic %s' % BASIC_CREDENTIALS
    assert TOKEN not in out


def test_diff_shows_the_sms(api, run):
    api.answers = [no_content()]
    rc, dummy, result = run(task(to=['+4915799912345']), diff=True)
    assert rc == 0
    assert result['diff']['before'] == ''
    assert '+4915799912345' in result['diff']['after']
    assert 'Deployment of app 1.2.3 finished.' in result['diff']['after']


# --- invalid input: every problem named, nothing sent -----------------------------------------------------------------


def test_invalid_input_names_every_problem_and_sends_nothing(api, run):
    rc, dummy, result = run(task(sms_id='x1', msg='   ', to=['+49 157 abc', '015799912345', '+4915799912345'],
                                 send_at='2020-01-01T00:00:00Z'))
    assert rc == 1
    assert result['failed'] is True
    assert result['changed'] is False
    msg = result['msg']
    assert msg.startswith('Nothing was sent: ')
    assert "sms_id 'x1'" in msg
    assert 'msg must not be empty or only whitespace' in msg
    assert "recipient 1: '+49 157 abc'" in msg and 'letters' in msg
    assert "recipient 2: '015799912345'" in msg and 'national number' in msg and 'default_country_code' in msg
    assert 'recipient 3' not in msg
    assert 'send_at 2020-01-01T00:00:00Z must be in the future' in msg
    assert result['messages'] == []
    assert result['sent'] == 0
    assert result['failed_recipients'] == []
    assert api.requests == []


@pytest.mark.parametrize('args, words', [
    (dict(sms_id='S0'), ["sms_id 'S0' is not a Web SMS extension id"]),
    (dict(sms_id='s01'), ["sms_id 's01'"]),
    (dict(msg=''), ['msg must not be empty']),
    (dict(msg=' \n\t '), ['msg must not be empty']),
    (dict(to=['4915799912345']), ['recipient 1', 'ambiguous', "'+4915799912345'"]),
    (dict(to=['015799912345']), ['recipient 1', 'national number', 'default_country_code']),
    (dict(to=[]), ['to must name at least one recipient']),
    (dict(to=['015799912345'], default_country_code='049'), ['default_country_code', 'invalid']),
    (dict(send_at='2020-01-01T00:00:00Z'), ['send_at', 'must be in the future']),
    (dict(send_at='tomorrow'), ['send_at', 'not a valid time']),
    (dict(api_url='http://api.sipgate.com/v2'), ['plain http', 'Use https']),
    (dict(timeout=0), ['timeout must be a positive number']),
    (dict(retries=11), ['retries must be between 0 and 10']),
    (dict(to=['+4915799912345', '+49 157 abc', '12']), ["recipient 2: '+49 157 abc'", "recipient 3: '12'"]),
    (dict(send_at=int(time.time()) + 31 * 86400), ['send_at', '30 days']),
    (dict(api_url='ftp://127.0.0.1/v2'), ['not an http(s) URL']),
])
def test_each_invalid_input_fails_before_any_request(api, run, args, words):
    rc, dummy, result = run(task(**args))
    assert rc == 1
    assert result['msg'].startswith('Nothing was sent: ')
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_missing_credentials(api, run):
    args = task()
    del args['token_id'], args['token']
    rc, dummy, result = run(args)
    assert rc == 1
    assert 'No sipgate credentials' in result['msg']
    assert 'SIPGATE_TOKEN_ID' in result['msg']
    assert api.requests == []


@pytest.mark.parametrize('missing, words', [
    ('token', ['token is missing', 'SIPGATE_TOKEN']),
    ('token_id', ['token_id is missing', 'SIPGATE_TOKEN_ID']),
])
def test_half_of_the_credentials(api, run, missing, words):
    args = task()
    del args[missing]
    rc, dummy, result = run(args)
    assert rc == 1
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_access_token_and_token_are_exclusive(api, run):
    rc, dummy, result = run(task(access_token='eyJhbGciOiJSUzI1NiJ9.e30.c2ln'))
    assert rc == 1
    assert 'access_token is mutually exclusive with token_id/token' in result['msg']
    assert api.requests == []


# --- check mode ------------------------------------------------------------------------------------------------------


def test_check_mode_sends_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json')]
    rc, dummy, result = run(task(to=['+4915799912345', '+4915799912346']), check_mode=True)
    assert rc == 0
    assert result['changed'] is True
    assert [entry['status'] for entry in result['messages']] == ['would_send', 'would_send']
    assert [entry['http_status'] for entry in result['messages']] == [None, None]
    assert result['sent'] == 0
    assert result['failed_recipients'] == []
    assert result['balance'] == {'amount': 123400, 'currency': 'EUR', 'value': 12.34}
    assert api.calls == [('GET', '/v2/authorization/userinfo'), ('GET', '/v2/w0/sms'), ('GET', '/v2/balance')]
    assert api.posts == []
    assert not result.get('warnings')


def test_check_mode_without_sms_read_scope_warns(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(403, 'error_403.json'), json_answer(200, 'balance.json')]
    rc, out, result = run(task(), check_mode=True)
    assert rc == 0
    assert result['changed'] is True
    assert [entry['status'] for entry in result['messages']] == ['would_send']
    assert api.calls == [('GET', '/v2/authorization/userinfo'), ('GET', '/v2/w0/sms'), ('GET', '/v2/balance')]
    assert 'sms:read' in out
    warnings = json.dumps(result.get('warnings'))
    assert 'Could not check that sms_id s0 exists' in warnings
    assert 'sms:read' in warnings


@pytest.mark.parametrize('fixture, sms_id, listed', [
    ('sms_extensions.json', 's7', 's0, s1'),
    ('sms_extensions_empty.json', 's0', 'no SMS extension'),
])
def test_check_mode_unknown_sms_id_fails(api, run, fixture, sms_id, listed):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, fixture)]
    rc, dummy, result = run(task(sms_id=sms_id), check_mode=True)
    assert rc == 1
    assert "sms_id '%s' does not exist for this account; it has: %s." % (sms_id, listed) in result['msg']
    assert api.posts == []


def test_check_mode_with_wrong_credentials_fails(api, run):
    api.answers = [json_answer(401, 'error_401.json')]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 1
    assert result['http_status'] == 401
    assert 'Checking the credentials failed with HTTP 401' in result['msg']
    assert 'Invalid token supplied' in result['msg']
    assert api.calls == [('GET', '/v2/authorization/userinfo')]


# --- failures while sending ------------------------------------------------------------------------------------------

RECIPIENTS = ['+4915799912345', '+4915799912346', '+4915799912347']


def test_partial_failure(api, run):
    api.answers = [no_content(), json_answer(400, 'error_400.json'), no_content()]
    rc, dummy, result = run(task(to=RECIPIENTS))
    assert rc == 1
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['sent'] == 2
    assert result['failed_recipients'] == ['+4915799912346']
    assert [(entry['status'], entry['http_status']) for entry in result['messages']] == [('sent', 204), ('failed', 400), ('sent', 204)]
    error = result['messages'][1]['error']
    assert error.startswith('Sending the SMS to +4915799912346 failed with HTTP 400')
    assert 'The field message must not be empty or only contain spaces' in error
    assert result['msg'].startswith('The SMS reached 2 of 3 recipients; +4915799912346 did not get it. ')
    assert error in result['msg']
    assert [body['recipient'] for body in api.posts] == RECIPIENTS


@pytest.mark.parametrize('status, hint, api_message', [
    (400, 'bad request', 'recipient is invalid'),
    (401, 'authentication failed', 'Invalid token supplied'),
    (402, 'insufficient account balance', 'Insufficient funds'),
    (403, 'Web SMS is not booked', 'Forbidden'),
    (404, 'check api_url', 'Not Found'),
    (415, 'Content-Type application/json', 'Unsupported Media Type'),
    (429, 'rate limit', 'Too Many Requests'),
    (500, 'server error', 'smsId not set'),
    (503, 'temporarily unavailable', 'Maintenance'),
])
def test_each_error_status_names_its_meaning_and_the_api_text(api, run, status, hint, api_message):
    api.answers = [json_answer(status, data={'message': api_message})]
    rc, dummy, result = run(task(retries=0, history_lookup=False))
    assert rc == 1
    assert 'Traceback' not in result.get('exception', '')
    for words in ('HTTP %d' % status, hint, api_message):
        assert words in result['msg']
    # A 500 or 503 may come after the API accepted the SMS: unknown, not failed, and the task counts as changed.
    unknown = status in (500, 503)
    assert result['changed'] is unknown
    assert (result['messages'][0]['status'], result['messages'][0]['http_status']) == ('unknown' if unknown else 'failed', status)
    assert (result['unknown_recipients'], result['failed_recipients']) == ((['+4915799912345'], []) if unknown else ([], ['+4915799912345']))
    assert result['sent'] == 0
    assert len(api.posts) == 1


def test_insufficient_balance_stops_after_the_first_recipient(api, run):
    api.answers = [json_answer(402, 'error_402.json'), no_content(), no_content()]
    rc, dummy, result = run(task(to=RECIPIENTS))
    assert rc == 1
    assert result['changed'] is False
    assert result['sent'] == 0
    assert result['failed_recipients'] == RECIPIENTS
    first, second, third = result['messages']
    assert (first['status'], first['http_status']) == ('failed', 402)
    assert 'insufficient account balance' in first['error']
    for entry in (second, third):
        assert (entry['status'], entry['http_status']) == ('not_sent', None)
        assert entry['error'].startswith('Not tried after an earlier failure: ')
        assert 'HTTP 402' in entry['error']
    assert [body['recipient'] for body in api.posts] == RECIPIENTS[:1]
    assert len(api.answers) == 2


def test_read_timeout_is_not_repeated_and_the_next_recipient_is_tried(api, run):
    api.answers = [read_timeout, no_content(), json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(to=RECIPIENTS[:2], history_wait=0))
    assert rc == 1
    assert [entry['status'] for entry in result['messages']] == ['unknown', 'sent']
    assert result['messages'][0]['http_status'] is None
    assert 'not sent again' in result['messages'][0]['error']
    # The API may have accepted it: retrying failed_recipients must never send it twice.
    assert result['failed_recipients'] == []
    assert result['unknown_recipients'] == RECIPIENTS[:1]
    assert result['changed'] is True
    assert [body['recipient'] for body in api.posts] == RECIPIENTS[:2]


def test_rate_limit_is_waited_for_and_sent_once_more(api, run):
    # Retry-After 0: the module's client really sleeps, for 0 seconds.
    api.answers = [Answer(429, '{"message": "Rate limit exceeded"}', {'Content-Type': 'application/json', 'Retry-After': '0'}), no_content()]
    rc, dummy, result = run(task())
    assert rc == 0
    assert result['messages'] == [{'recipient': '+4915799912345', 'input': '+4915799912345', 'status': 'sent', 'http_status': 204}]
    assert len(api.posts) == 2
    assert api.posts[0] == api.posts[1]


# --- sending concurrently ----------------------------------------------------------------------------------------------


def test_by_default_twenty_requests_are_in_flight_after_the_first_and_the_messages_keep_the_order_of_to(api, run):
    recipients = ['+49157999125%02d' % index for index in range(21)]
    # The twenty after the first answer only once all twenty are in flight.
    api.answers = [no_content()]
    api.default = answered_together(20)
    args = task(to=recipients)
    del args['max_in_flight']
    rc, dummy, result = run(args)
    assert rc == 0 and result['sent'] == 21
    assert [(entry['recipient'], entry['status']) for entry in result['messages']] == [(recipient, 'sent') for recipient in recipients]
    assert sorted(body['recipient'] for body in api.posts) == recipients
    assert len(set(id(adapter) for adapter in api.adapters)) == 20


# --- secrets -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('answers, check_mode', [
    ([json_answer(401, data={'message': 'Invalid token %s' % TOKEN})], False),
    ([no_content(), Answer(400, 'rejected %s:%s' % (TOKEN_ID, TOKEN), {'Content-Type': 'text/plain'}), no_content()], False),
    ([json_answer(500, data={'errors': [{'detail': 'token=%s' % TOKEN}]}), no_content(), no_content(), json_answer(200, 'history_empty.json')],
     False),
    ([json_answer(401, data={'message': 'Invalid token %s' % TOKEN})], True),
], ids=['401_json', '400_text', '500_error_response', 'check_mode_401'])
def test_no_secret_in_the_output_when_the_api_echoes_it(api, run, answers, check_mode):
    api.answers = answers
    rc, out, result = run(task(to=RECIPIENTS, history_wait=0), check_mode=check_mode)
    assert rc == 1
    assert TOKEN not in out
    assert BASIC_CREDENTIALS not in out
    assert '********' in out
    # ansible-core 2.21 no longer returns the invocation of a failed module; where it does, the token is masked.
    assert result.get('invocation', {}).get('module_args', {}).get('token') in (None, 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')


def test_no_secret_in_the_output_of_a_success(api, run):
    api.answers = [no_content()]
    rc, out, dummy = run(task())
    assert rc == 0
    assert TOKEN not in out
    assert BASIC_CREDENTIALS not in out


# --- outcomes the module cannot know -------------------------------------------------------------------------------------


@pytest.mark.parametrize('answer', [read_timeout, dropped, json_answer(500, data={}), json_answer(502, data={}), json_answer(504, data={})],
                         ids=['read_timeout', 'dropped', '500', '502', '504'])
def test_an_sms_the_api_may_have_accepted_is_never_called_failed(api, run, answer):
    api.answers = [no_content(), answer, no_content(), json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(to=RECIPIENTS, history_wait=0))
    assert rc == 1
    assert [entry['status'] for entry in result['messages']] == ['sent', 'unknown', 'sent']
    assert result['messages'][1]['note'] == 'The account history shows no such SMS yet (looked for 0 seconds).'
    assert result['sent'] == 2
    assert result['failed_recipients'] == []
    assert result['unknown_recipients'] == [RECIPIENTS[1]]
    assert result['msg'].startswith('The SMS reached 2 of 3 recipients; for +4915799912346 the API may have accepted it '
                                    'without confirming it, so it was not sent again; check before sending to it again. ')
    assert 'did not get it' not in result['msg']
    assert [body['recipient'] for body in api.posts] == RECIPIENTS


def history_with(recipient, text, sms_id='s0'):
    """The recorded history answer, its newest entry made the SMS ``text`` to ``recipient``, dated now."""
    answer = load_fixture('history_sms.json')
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    answer['items'][0].update(target=recipient, smsContent=text, created=now, lastModified=now, connectionIds=[sms_id])
    return json_answer(200, data=answer)


@pytest.mark.parametrize('answer', [json_answer(503, 'error_503.json'), read_timeout, dropped], ids=['503', 'read_timeout', 'dropped'])
def test_an_sms_whose_answer_was_lost_is_sent_by_the_history(api, run, answer):
    api.answers = [answer, history_with(RECIPIENTS[0], 'Deployment of app 1.2.3 finished.')]
    rc, dummy, result = run(task(to=RECIPIENTS[:1]))
    assert rc == 0, result
    assert result['messages'] == [{'recipient': RECIPIENTS[0], 'input': RECIPIENTS[0], 'status': 'sent',
                                   'http_status': 503 if answer is not read_timeout and answer is not dropped else None,
                                   'confirmed_by': 'history', 'history_id': '100000002', 'sender': '+4915799912345'}]
    assert result['sent'] == 1 and result['unknown_recipients'] == [] and result['changed'] is True
    assert api.methods == ['POST', 'GET'] and len(api.posts) == 1
    assert 'types=SMS' in api.requests[1].url and 'directions=OUTGOING' in api.requests[1].url


def test_another_text_in_the_history_does_not_settle_it(api, run):
    api.answers = [json_answer(503, 'error_503.json'), history_with(RECIPIENTS[0], 'Another text.')]
    rc, dummy, result = run(task(to=RECIPIENTS[:1], history_wait=0))
    assert rc == 1
    assert result['unknown_recipients'] == RECIPIENTS[:1] and len(api.posts) == 1
    assert result['msg'].endswith('The account history shows no such SMS yet (looked for 0 seconds).')


def test_without_history_read_the_outcome_stays_unknown_naming_the_scope(api, run):
    api.answers = [read_timeout, json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(to=RECIPIENTS[:1]))
    assert rc == 1
    assert result['messages'][0]['status'] == 'unknown'
    assert result['messages'][0]['note'] == 'The account history could not be checked for it: the token lacks the scope history:read.'
    assert len(api.posts) == 1


def test_history_lookup_false_reads_no_history(api, run):
    api.answers = [read_timeout]
    rc, dummy, result = run(task(to=RECIPIENTS[:1], history_lookup=False))
    assert rc == 1
    assert result['unknown_recipients'] == RECIPIENTS[:1] and 'note' not in result['messages'][0]
    assert api.methods == ['POST']


@pytest.mark.parametrize('history_wait', [-1, float('inf'), float('nan'), 1e308, 601])
def test_a_history_wait_that_is_negative_or_unbounded_is_refused_before_sending(api, run, history_wait):
    rc, dummy, result = run(task(history_wait=history_wait))
    assert rc == 1
    assert 'history_wait must be between 0 and 600 seconds, not %s' % history_wait in result['msg'] and api.requests == []


def test_failed_and_unknown_recipients_are_told_apart(api, run):
    api.answers = [json_answer(400, 'error_400.json'), read_timeout, no_content(), json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(to=RECIPIENTS, history_wait=0))
    assert rc == 1
    assert result['failed_recipients'] == [RECIPIENTS[0]]
    assert result['unknown_recipients'] == [RECIPIENTS[1]]
    assert result['msg'].startswith('The SMS reached 1 of 3 recipients; +4915799912345 did not get it; for +4915799912346 the API may '
                                    'have accepted it')
    assert 'HTTP 400' in result['msg']


def test_a_success_answer_that_is_not_from_the_api_is_no_sms(api, run):
    api.answers = [Answer(200, '<html>Sign in to the hotel wifi</html>', {'Content-Type': 'text/html'})]
    rc, dummy, result = run(task(to=RECIPIENTS))
    assert rc == 1
    assert result['sent'] == 0 and result['changed'] is False
    assert [entry['status'] for entry in result['messages']] == ['failed', 'not_sent', 'not_sent']
    assert result['failed_recipients'] == RECIPIENTS
    assert 'did not come from the sipgate API' in result['msg']
    assert len(api.posts) == 1


# --- input the module refuses before sending -----------------------------------------------------------------------------


@pytest.mark.parametrize('args, words', [
    (dict(to=['+49 (0) 157 9991 2345', '+49 (0)30 12345678']), None),
    (dict(to=['+49 0157 9991 2345']), ['recipient 1', 'comes a 0, the national trunk prefix']),
    (dict(to=['157 9991 2345'], default_country_code='49'), ["did you mean '+4915799912345' or '+15799912345'?"]),
    (dict(msg='\u00a0\u200b'), ['msg must not be empty or only whitespace or invisible characters']),
    (dict(msg='x' * 5000), ['msg takes 33 SMS parts (5000 characters, gsm7), more than max_segments 10']),
    (dict(msg='x' * 161, max_segments=1), ['msg takes 2 SMS parts']),
    (dict(max_segments=0), ['max_segments must be between 1 and 255, not 0']),
    (dict(max_in_flight=0), ['max_in_flight must be between 1 and 20, not 0']),
    (dict(max_in_flight=21), ['max_in_flight must be between 1 and 20, not 21']),
    (dict(timeout=float('inf')), ['timeout must be a positive number of seconds up to 3600, not inf']),
    (dict(timeout=1e12), ['timeout must be a positive number of seconds up to 3600']),
    (dict(sms_id='s0\n'), ["sms_id 's0\\n' is not a Web SMS extension id"]),
    (dict(api_url='http://127.0.0.1:99999/v2'), ['invalid port']),
])
def test_more_invalid_input_fails_before_any_request(api, run, args, words):
    api.answers = [no_content(), no_content()]
    rc, dummy, result = run(task(**args))
    if words is None:
        assert rc == 0
        assert [body['recipient'] for body in api.posts] == ['+4915799912345', '+493012345678']
        return
    assert rc == 1
    assert result['msg'].startswith('Nothing was sent: ')
    assert not result['msg'].endswith('?.')
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_a_text_too_long_still_tells_its_parts(api, run):
    rc, dummy, result = run(task(msg='x' * 5000))
    assert rc == 1
    assert result['message_info'] == {'length': 5000, 'encoding': 'gsm7', 'segments': 33, 'units': 5000}


@pytest.mark.parametrize('api_url, secrets', [
    ('https://douglas:s3cr3t-pw@api.sipgate.com/v2', ['s3cr3t-pw', 'douglas']),
    ('https://api.sipgate.com/v2?access_token=abcd-very-secret', ['abcd-very-secret']),
])
def test_a_secret_in_api_url_is_refused_and_never_shown(api, run, api_url, secrets):
    rc, out, result = run(task(api_url=api_url))
    assert rc == 1
    assert 'api_url' in result['msg']
    for secret in secrets:
        assert secret not in out
    assert api.requests == []


@pytest.mark.parametrize('api_url', ['https://u:pw@api.sipgate.com/v2', 'https://u@api.sipgate.com/v2', 'https://api.sipgate.com/v2?k=s'])
def test_a_short_secret_in_api_url_is_hidden_without_garbling_the_message(api, run, api_url):
    rc, out, result = run(task(api_url=api_url, msg='Your build ran through'))
    assert rc == 1
    assert result['msg'] in ("Nothing was sent: api_url '***@api.sipgate.com/v2' must not contain credentials; use token_id and token instead.",
                             "Nothing was sent: api_url 'https://api.sipgate.com/v2' must not have a query or fragment.")
    assert ':pw@' not in out and '?k=s' not in out
    # ansible-core 2.21 no longer returns the invocation of a failed module; where it does, only api_url is masked.
    if 'invocation' in result:
        assert result['invocation']['module_args']['api_url'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
        assert result['invocation']['module_args']['msg'] == 'Your build ran through'


def test_check_mode_says_what_it_could_not_verify(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json')]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 0
    assert result['not_verified'] == ['the token may send SMS (scope sessions:sms:write)',
                                      'the account balance suffices (it is 12.34 EUR, and the API does not tell the price of an SMS)']
    assert result['balance']['value'] == 12.34
    assert result['msg'] == ('Check mode: the SMS would go to 1 recipient(s). Not verified: '
                             'that the token may send SMS (scope sessions:sms:write), and that the account balance suffices '
                             '(it is 12.34 EUR, and the API does not tell the price of an SMS).')


def test_check_mode_without_balance_read_names_the_scope(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 0
    assert 'balance' not in result
    assert result['not_verified'] == ['the token may send SMS (scope sessions:sms:write)',
                                      'the account balance suffices (the token lacks the scope balance:read)']
    assert result['msg'].endswith('and that the account balance suffices (the token lacks the scope balance:read).')


def test_check_mode_fails_at_a_balance_of_zero(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance_zero.json')]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 1
    assert result['changed'] is False and result['balance']['amount'] == 0
    assert result['msg'] == ('Check mode: the SMS would not go out: the account balance is 0 EUR, so the API would refuse every SMS '
                             'with HTTP 402 (insufficient balance); top up the sipgate account.')
    assert api.posts == []


# --- sender ------------------------------------------------------------------------------------------------------------

SIPGATE = 0
VERIFIED = 1
UNVERIFIED = 2
NUMBERS = {SIPGATE: 'sipgate', VERIFIED: '+4915799912345', UNVERIFIED: '+4915799912399'}


# Another verified number, which only a task elsewhere makes the default.
OTHER = 3
CALLER_IDS = '/v2/w0/sms/s0/callerids'


def caller_ids(default=SIPGATE):
    """The caller ids of s0 as the API lists them, with ``default`` (None: none) as the extension's sender."""
    numbers = dict(NUMBERS)
    if default == OTHER:
        numbers[OTHER] = '+4915799912377'
    return json_answer(200, data={'items': [
        {'id': caller_id, 'phonenumber': number, 'verified': caller_id != UNVERIFIED, 'defaultNumber': caller_id == default}
        for caller_id, number in sorted(numbers.items())]})


@pytest.fixture(autouse=True)
def private_lock_directory(tmp_path, monkeypatch):
    """The sender locks of each test in a directory of its own, as tempfile.gettempdir() gives it."""
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    return tmp_path


def puts(api):
    return [(request.path_url, json.loads(request.body)) for request in api.requests if request.method == 'PUT']


def test_a_sender_that_is_the_default_writes_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content()]
    rc, dummy, result = run(task(sender='sipgate'))
    assert rc == 0, result
    assert result['sender'] == 'sipgate'
    assert 'previous_sender' not in result and 'sender_restored' not in result
    assert api.calls == [('GET', '/v2/authorization/userinfo'), ('GET', '/v2/w0/sms/s0/callerids'), ('POST', '/v2/sessions/sms')]


def test_a_sender_becomes_the_default_for_the_sending_and_the_previous_one_comes_back(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED),
                   no_content(), no_content(), caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='0157 9991 2345', default_country_code='49', to=RECIPIENTS[:2]))
    assert rc == 0, result
    assert result['sender'] == '+4915799912345'
    assert result['previous_sender'] == 'sipgate'
    assert result['sender_restored'] is True
    assert result['sent'] == 2
    # Read, switch, read back, send, read (still ours?), set back, read back.
    assert api.calls == [
        ('GET', '/v2/authorization/userinfo'), ('GET', CALLER_IDS), ('PUT', '/v2/w0/sms/s0/callerids/1'), ('GET', CALLER_IDS),
        ('POST', '/v2/sessions/sms'), ('POST', '/v2/sessions/sms'),
        ('GET', CALLER_IDS), ('PUT', '/v2/w0/sms/s0/callerids/0'), ('GET', CALLER_IDS)]
    assert puts(api) == [('/v2/w0/sms/s0/callerids/1', {'defaultNumber': True}), ('/v2/w0/sms/s0/callerids/0', {'defaultNumber': True})]


@pytest.mark.parametrize('sender, words', [
    ('+4915799912300', ['+4915799912300 is not a caller id of s0 (not registered)', 's0 can send as: sipgate, +4915799912345']),
    ('+4915799912399', ['+4915799912399 is not verified yet', 's0 can send as: sipgate, +4915799912345']),
])
def test_an_unknown_or_unverified_sender_fails_before_anything_is_written_or_sent(api, run, sender, words):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender=sender))
    assert rc == 1
    assert result['msg'].startswith('Nothing was sent: the sender %s' % sender)
    for word in words:
        assert word in result['msg']
    assert [request.method for request in api.requests] == ['GET', 'GET']
    assert 'sender' not in result


@pytest.mark.parametrize('sender, words', [
    ('+49 abc', ["sender: '+49 abc' is not a valid phone number", 'letters']),
    ('0157 9991 2345', ['sender:', 'national number']),
])
def test_an_invalid_sender_fails_before_any_request(api, run, sender, words):
    rc, dummy, result = run(task(sender=sender))
    assert rc == 1
    for word in words:
        assert word in result['msg']
    assert api.requests == []


def test_the_previous_sender_comes_back_when_sending_failed(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED),
                   json_answer(402, 'error_402.json'), caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345', to=RECIPIENTS[:2]))
    assert rc == 1
    assert result['sender_restored'] is True
    assert [entry['status'] for entry in result['messages']] == ['failed', 'not_sent']
    assert puts(api)[-1] == ('/v2/w0/sms/s0/callerids/0', {'defaultNumber': True})
    assert result['msg'].startswith('The SMS reached 0 of 2 recipients')


def test_a_failed_restore_is_told_loudly_with_every_recipient(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED),
                   no_content(), no_content(), caller_ids(VERIFIED), json_answer(403, 'error_403.json'), caller_ids(VERIFIED)]
    rc, dummy, result = run(task(sender='+4915799912345', to=RECIPIENTS[:2]))
    assert rc == 1
    assert result['sent'] == 2
    assert [entry['status'] for entry in result['messages']] == ['sent', 'sent']
    assert result['sender_restored'] is False
    assert result['changed'] is True
    assert result['msg'].startswith('The sender of s0 could not be set back to sipgate, so s0 now sends as +4915799912345; ')
    assert 'sms:callerid:write' in result['msg']
    assert 'could not be set back' in json.dumps(result['warnings'])


UNKNOWN_SWITCH_FAILURES = [read_timeout, dropped, json_answer(500, 'error_500.json'), json_answer(502, 'error_502.json'),
                           json_answer(504, 'error_504.json'), Answer(520, '', {}), Answer(408, '', {})]
UNKNOWN_SWITCH_IDS = ['timeout', 'dropped', '500', '502', '504', '520', '408']


@pytest.mark.parametrize('failure', UNKNOWN_SWITCH_FAILURES, ids=UNKNOWN_SWITCH_IDS)
@pytest.mark.parametrize('applied', [True, False], ids=['applied', 'not-applied'])
def test_a_switch_whose_outcome_is_unknown_sends_nothing_and_puts_the_previous_sender_back(api, run, failure, applied):
    # The previous default is read back once more after twice the timeout, the time the switch had to land.
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), failure, caller_ids(VERIFIED if applied else SIPGATE),
                   no_content(), caller_ids(SIPGATE), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, timeout=0.01))
    assert rc == 1
    assert api.posts == []
    # The switch is never repeated; the previous default is written again, whatever the default read.
    assert puts(api) == [('/v2/w0/sms/s0/callerids/1', {'defaultNumber': True}), ('/v2/w0/sms/s0/callerids/0', {'defaultNumber': True})]
    assert result['msg'].startswith('Nothing was sent: Making +4915799912345 the sender of s0 failed')
    assert ('sipgate was made the default again, and read back so once more after 0.02 seconds (twice the timeout), the time the '
            'switch had to land.') in result['msg']
    assert result['previous_sender'] == 'sipgate'
    assert result['sender_restored'] is True
    assert result['changed'] is False
    assert 'sender' not in result


def test_a_switch_that_lands_late_is_set_back_again(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), read_timeout, caller_ids(SIPGATE),
                   no_content(), caller_ids(SIPGATE), caller_ids(VERIFIED), caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, timeout=0.01))
    assert rc == 1 and api.posts == [] and len(puts(api)) == 3
    assert result['sender_restored'] is True and result['changed'] is False


def test_a_switch_of_unknown_outcome_that_cannot_be_read_again_is_restored_null_and_changed(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), read_timeout, caller_ids(SIPGATE),
                   no_content(), caller_ids(SIPGATE), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, timeout=0.01))
    assert rc == 1 and api.posts == []
    assert result['sender_restored'] is None and result['changed'] is True
    assert 'the API may still carry out the switch it did not confirm' in result['msg']


def test_a_switch_whose_outcome_is_unknown_and_cannot_be_put_back_says_what_it_may_send_as(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), read_timeout, json_answer(500, 'error_500.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0))
    assert rc == 1
    assert api.posts == [] and len(puts(api)) == 1
    assert ('it is not sent again. The sender of s0 could not be read to set it back to sipgate, so s0 may still send as '
            '+4915799912345; check it with sipgate.io.sipgate_sms_extensions_info') in result['msg']
    assert result['sender_restored'] is False
    assert result['changed'] is True


def test_a_switch_that_cannot_be_read_back_sends_nothing_and_is_set_back(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), json_answer(500, 'error_500.json'),
                   caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE), json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, history_wait=0))
    assert rc == 1
    assert api.posts == []
    assert result['msg'].startswith('Nothing was sent: +4915799912345 was made the sender of s0, but reading it back failed: '
                                    'Listing the caller ids of s0 failed with HTTP 500')
    assert result['msg'].endswith('s0 sends as sipgate again, as read back.')
    assert result['sender_restored'] is True


def test_a_switch_answered_as_done_but_not_read_back_sends_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 1
    assert api.posts == [] and len(puts(api)) == 1
    assert result['msg'] == ('Nothing was sent: Making +4915799912345 the sender of s0 was answered as done, but reading it back '
                             'shows that s0 sends as sipgate.')
    assert result['sender_restored'] is True


def test_a_switch_that_certainly_failed_writes_nothing_more(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 1
    assert result['msg'].startswith('Nothing was sent: Making +4915799912345 the sender of s0 failed with HTTP 403')
    assert api.posts == [] and len(puts(api)) == 1
    assert 'previous_sender' not in result and 'sender_restored' not in result


def test_an_extension_without_a_default_sender_is_refused_before_any_write(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(None)]
    rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 1
    assert result['msg'] == ('Nothing was sent: s0 has no default sender (none of its caller ids is marked default), so it could '
                             'not be set back after sending as +4915799912345; nothing was written. Make one the default with '
                             'sipgate.io.sipgate_sms_extension (default_sender) first.')
    assert api.methods == ['GET', 'GET']


def test_a_restore_that_cannot_be_read_back_says_what_it_may_send_as(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), no_content(),
                   caller_ids(VERIFIED), json_answer(504, 'error_504.json'), json_answer(500, 'error_500.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0))
    assert rc == 1
    assert result['sent'] == 1
    assert result['sender_restored'] is False
    assert result['changed'] is True
    assert result['msg'].startswith('The sender of s0 could not be read back after setting it back to sipgate, so s0 may still '
                                    'send as +4915799912345; check it with sipgate.io.sipgate_sms_extensions_info')
    assert 'Making sipgate the sender of s0 failed with HTTP 504' in result['msg']
    assert 'Listing the caller ids of s0 failed with HTTP 500' in result['msg']


def test_the_lock_is_the_same_whatever_the_case_of_the_api_host():
    assert lock_key('HTTPS://API.sipgate.com/v2', 's0') == lock_key('https://api.sipgate.com/v2', 's0')
    assert lock_key('https://api.sipgate.com/v2', 's0') != lock_key('https://api.sipgate.com/v2', 's1')
    assert lock_key('https://api.sipgate.com/v2', 's0') != lock_key('http://127.0.0.1:8080/v2', 's0')


def test_a_restore_leaves_a_default_that_something_else_set(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), no_content(),
                   caller_ids(OTHER)]
    rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 1
    assert len(puts(api)) == 1
    assert result['sent'] == 1
    assert result['sender_restored'] is False
    assert result['msg'].startswith('Something else changed the sender of s0 to +4915799912377 while this task switched it to '
                                    '+4915799912345 (a task on another machine, which the lock on this machine cannot hold back), '
                                    'so the SMS may have gone out as +4915799912377. It was left so, not set back to sipgate; ')


def test_a_restore_finds_the_previous_default_back_and_writes_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), no_content(),
                   caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 0, result
    assert len(puts(api)) == 1
    assert result['sender_restored'] is True
    assert 'the SMS may have gone out as sipgate; s0 sends as sipgate again, as before.' in json.dumps(result['warnings'])


def test_an_unknown_outcome_with_a_sender_says_as_whom_it_may_still_go_out(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), read_timeout,
                   caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE), json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, history_wait=0))
    assert rc == 1
    assert result['unknown_recipients'] == ['+4915799912345']
    note = ('If the SMS still goes out, it goes out as whichever sender s0 has at that moment, which is sipgate again since this '
            'task set it back, not +4915799912345.')
    assert result['messages'][0]['error'].endswith(note)
    assert note in result['msg'] and result['msg'].endswith('The account history shows no such SMS yet (looked for 0 seconds).')


def test_an_unknown_outcome_as_the_default_sender_says_it_may_go_out_as_another(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(VERIFIED), read_timeout, json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(sender='+4915799912345', retries=0, history_wait=0))
    assert rc == 1
    assert result['messages'][0]['error'].endswith('it goes out as whichever sender s0 has at that moment, which may not be '
                                                   '+4915799912345.')


def test_check_mode_checks_the_sender_and_writes_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json'),
                   caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912345'), check_mode=True, diff=True)
    assert rc == 0, result
    assert result['sender'] == '+4915799912345'
    assert [request.method for request in api.requests] == ['GET', 'GET', 'GET', 'GET']
    assert result['diff']['after'].startswith('SMS from s0 as +4915799912345, now, to:')


def test_check_mode_refuses_an_unverified_sender(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json'),
                   caller_ids(SIPGATE)]
    rc, dummy, result = run(task(sender='+4915799912399'), check_mode=True)
    assert rc == 1
    assert 'is not verified yet' in result['msg']


def test_sender_with_send_at_warns(api, run):
    dummy, iso = in_two_days()
    api.answers = [json_answer(200, 'userinfo.json'), caller_ids(SIPGATE), no_content()]
    rc, dummy, result = run(task(sender='sipgate', send_at=iso))
    assert rc == 0
    assert 'sender with send_at' in json.dumps(result['warnings'])


# --- the lock on the extension's sender ----------------------------------------------------------------------------


def held_by_another_task(exclusive, sms_id='s0'):
    """The lock as another task on this machine holds it: flock treats each opened file as a holder of its own."""
    return held(lock_key('https://api.sipgate.com/v2', sms_id), exclusive)


def test_a_plain_send_waits_for_a_switched_sender_and_gives_up_before_sending(api, run, monkeypatch):
    monkeypatch.setattr(_sender, 'LOCK_WAIT', 0.2)
    with held_by_another_task(exclusive=True) as lock_file:
        rc, dummy, result = run(task())
    assert rc == 1
    assert re.match(r'Nothing was sent: Waited 0\.[2-9] seconds for another task on this machine to set the sender of s0 back, '
                    r'and gave up \(lock file %s\)\.$' % re.escape(lock_file), result['msg']), result['msg']
    assert api.requests == []


def test_a_sender_waits_for_the_sends_on_this_machine_and_gives_up_before_writing(api, run, monkeypatch):
    monkeypatch.setattr(_sender, 'LOCK_WAIT', 0.2)
    api.answers = [json_answer(200, 'userinfo.json')]
    with held_by_another_task(exclusive=False):
        rc, dummy, result = run(task(sender='+4915799912345'))
    assert rc == 1
    assert result['msg'].startswith('Nothing was sent: Waited 0.')
    assert 'seconds for the other tasks on this machine that send through s0 to finish, and gave up' in result['msg']
    assert api.calls == [('GET', '/v2/authorization/userinfo')]


def test_plain_sends_share_the_lock_and_other_extensions_have_their_own(api, run, monkeypatch):
    monkeypatch.setattr(_sender, 'LOCK_WAIT', 0)
    api.answers = [no_content(), no_content()]
    with held_by_another_task(exclusive=False):
        assert run(task())[0] == 0
    with held_by_another_task(exclusive=True):
        assert run(task(sms_id='s1'))[0] == 0
    assert [post['smsId'] for post in api.posts] == ['s0', 's1']


def test_a_lock_directory_that_others_may_write_to_stops_the_sending(api, run, private_lock_directory):
    directory = private_lock_directory / ('sipgate.io-locks-%d' % os.getuid())
    directory.mkdir()
    directory.chmod(0o777)
    rc, dummy, result = run(task())
    assert rc == 1
    assert result['msg'] == ('Nothing was sent: The sender of s0 cannot be locked on this machine: the lock directory %s may be '
                             'written by other users (mode 0777); make it 0700 or remove it.' % directory)
    assert api.requests == []


def test_a_caller_id_of_the_wrong_shape_is_a_clear_error_with_the_structured_result(api, run):
    api.answers = [json_answer(200, 'userinfo.json'),
                   json_answer(200, data={'items': [{'id': 1, 'phonenumber': None, 'verified': True, 'defaultNumber': True}]})]
    rc, out, result = run(task(sender='+4915799912345'))
    assert rc == 1 and api.posts == []
    assert result['msg'] == ("Nothing was sent: The sipgate API answered in an unexpected form: a caller id has no phonenumber: "
                             "{'id': 1, 'phonenumber': None, 'verified': True, 'defaultNumber': True}.")
    assert result['messages'] == [] and result['unknown_recipients'] == [] and result['changed'] is False
    assert 'Traceback' not in out


@pytest.mark.parametrize('name, value', [('token', TOKEN + '\u20ac'), ('access_token', 'bearer\ntoken')])
def test_a_credential_a_header_cannot_carry_is_refused_with_the_structured_result_and_never_shown(api, run, name, value):
    args = task()
    if name == 'access_token':
        args.pop('token_id', None)
        args.pop('token', None)
    args[name] = value
    rc, out, result = run(args)
    assert rc == 1 and api.requests == []
    assert result['msg'].startswith('Nothing was sent: ') and 'it is not shown' in result['msg']
    assert result['messages'] == [] and 'Traceback' not in out
    for part in (value, value.strip(), value.split('\n')[0]):
        assert part not in out


# --- at most once within a window (once_within) -------------------------------------------------------------------------


def history_of(*sent, text='Deployment of app 1.2.3 finished.'):
    """GET /history answering that ``text`` went to each of ``sent`` (recipient, minutes ago, history id) from s0."""
    items = []
    for recipient, minutes_ago, entry_id in sent:
        created = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes_ago)).strftime('%Y-%m-%dT%H:%M:%SZ')
        items.append(dict(load_fixture('history_sms.json')['items'][0], id=entry_id, target=recipient, smsContent=text, created=created))
    return json_answer(200, data={'items': items, 'totalCount': len(items)})


def test_once_within_skips_who_got_the_same_sms_within_the_window(api, run):
    api.answers = [history_of(('+4915799912345', 20, '100000042'))]
    rc, dummy, result = run(task(once_within='1h'))
    assert rc == 0
    assert result['changed'] is False and not result.get('failed')
    assert result['sent'] == 0 and result['already_sent'] == ['+4915799912345']
    entry = result['messages'][0]
    assert entry['status'] == 'already_sent' and entry['history_id'] == '100000042' and entry['http_status'] is None
    assert re.fullmatch(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z', entry['sent_at'])
    assert entry['note'] == ('The same SMS went to +4915799912345 at %s (history entry 100000042), within once_within 1h; '
                             'not sent again.' % entry['sent_at'])
    assert 'error' not in entry
    assert api.calls == [('GET', api.requests[0].path_url)] and api.requests[0].path_url.startswith('/v2/history?')


def test_once_within_sends_to_the_others_and_counts_only_them(api, run):
    api.answers = [history_of(('+4915799912346', 59, '100000042'), ('+4915799912347', 61, '100000043')), no_content(), no_content()]
    rc, dummy, result = run(task(to=['+4915799912345', '+4915799912346', '+4915799912347'], once_within=3600))
    assert rc == 0 and result['changed'] is True
    assert [entry['status'] for entry in result['messages']] == ['sent', 'already_sent', 'sent']
    assert result['sent'] == 2 and result['already_sent'] == ['+4915799912346']
    assert [post['recipient'] for post in api.posts] == ['+4915799912345', '+4915799912347']


def test_once_within_another_text_is_another_sms(api, run):
    api.answers = [history_of(('+4915799912345', 5, '100000042'), text='Deployment of app 1.2.2 finished.'), no_content()]
    rc, dummy, result = run(task(once_within='15m'))
    assert rc == 0 and result['sent'] == 1 and result['already_sent'] == []


def test_once_within_in_check_mode_and_diff_says_who_would_be_skipped(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json'),
                   history_of(('+4915799912345', 20, '100000042'))]
    rc, dummy, result = run(task(to=['+4915799912345', '+4915799912346'], once_within='1h'), check_mode=True, diff=True)
    assert rc == 0 and result['changed'] is True
    assert [entry['status'] for entry in result['messages']] == ['already_sent', 'would_send']
    assert result['already_sent'] == ['+4915799912345'] and result['sent'] == 0
    assert result['msg'].startswith('Check mode: the SMS would go to 1 recipient(s). +4915799912345 already got it within '
                                    'once_within and would be skipped. Not verified: ')
    after = result['diff']['after'].splitlines()
    assert after[:4] == ['SMS from s0, now, to:', '  +4915799912346', 'Skipped, as they already got it within once_within:',
                         '  +4915799912345: %s' % result['messages'][0]['note']]
    assert api.posts == []


def test_once_within_in_check_mode_when_everyone_got_it_changes_nothing(api, run):
    api.answers = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json'),
                   history_of(('+4915799912345', 20, '100000042'))]
    rc, dummy, result = run(task(once_within='1h'), check_mode=True)
    assert rc == 0 and result['changed'] is False
    assert result['msg'].startswith('Check mode: the SMS would go to 0 recipient(s).')


@pytest.mark.parametrize('check_mode', [False, True])
def test_once_within_without_history_read_sends_nothing_and_names_the_scope(api, run, check_mode):
    preview = [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json')]
    api.answers = (preview if check_mode else []) + [json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(once_within='1h'), check_mode=check_mode)
    assert rc == 1 and result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('Nothing was sent: once_within needs the account history to tell who got this SMS within 1h, '
                                    'and it could not be read: Reading the SMS history failed with HTTP 403')
    assert 'history:read' in result['msg'] and result['http_status'] == 403
    assert api.posts == [] and result['sent'] == 0


@pytest.mark.parametrize('value, expected', [
    ('2 weeks', "once_within '2 weeks' is not a duration; use whole seconds such as 3600, or a number with one unit: 30s, 15m, 2h or 1d"),
    ('31d', "once_within '31d' is longer than the most it may be, 30d (2592000 seconds)"),
    (0, 'once_within must be at least 1 second, not 0'),
    (True, 'once_within must be a duration'),
])
def test_an_invalid_once_within_fails_before_any_request(api, run, value, expected):
    rc, dummy, result = run(task(once_within=value))
    assert rc == 1 and expected in result['msg'] and result['msg'].startswith('Nothing was sent: ')
    assert api.requests == []
