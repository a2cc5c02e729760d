# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox's account endpoints over HTTP: GET /balance and GET /history, with their scopes and filters."""
from __future__ import annotations

import base64
import datetime
import http.client
import time

from urllib.parse import urlencode

import pytest

from ansible_collections.sipgate.io.tests.sandbox.client import SandboxError

SMS = {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'Hello'}
LIMITED = 'Basic ' + base64.b64encode(b'token-LIMITD:33333333-3333-4333-8333-333333333333').decode()


def limited_token(control, scopes):
    control.configure({'tokens': [{'token_id': 'token-LIMITD', 'token': '33333333-3333-4333-8333-333333333333', 'scopes': list(scopes)}]})


def send(call, **change):
    answer = call('POST', '/sessions/sms', dict(SMS, **change))
    assert answer.status == 204, answer.body
    return answer


def history(call, **query):
    answer = call('GET', '/history?' + urlencode(query, doseq=True) if query else '/history')
    assert answer.status == 200, answer.body
    return answer.json


def iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


# --- GET /balance -------------------------------------------------------------------------------------------------------


def test_the_balance_and_its_knob(call, control):
    assert call('GET', '/balance').json == {'amount': 123400, 'currency': 'EUR'}
    control.configure({'balance': {'amount': 0}})
    assert call('GET', '/balance').json == {'amount': 0, 'currency': 'EUR'}
    control.configure({'balance': {'amount': -50000, 'currency': 'CHF'}})
    assert call('GET', '/balance').json == {'amount': -50000, 'currency': 'CHF'}


def test_no_sms_goes_out_at_zero_balance(call, control):
    control.configure({'balance': {'amount': 0}})
    answer = call('POST', '/sessions/sms', SMS)
    assert answer.status == 402
    assert control.outbox() == [] and history(call)['items'] == []


@pytest.mark.parametrize('patch', [{'balance': {'amount': '5'}}, {'balance': {'amount': True}}, {'balance': {'currency': ''}},
                                   {'balance': {'cents': 5}}, {'balance': 5}])
def test_an_invalid_balance_is_refused(control, patch):
    with pytest.raises(Exception) as caught:
        control.configure(patch)
    assert 'balance' in str(caught.value)


# --- scopes -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('path, scope', [('/balance', 'balance:read'), ('/history', 'history:read')])
def test_each_read_needs_its_scope(call, control, path, scope):
    limited_token(control, ['sms:read', 'sessions:sms:write'])
    answer = call('GET', path, auth=LIMITED)
    assert answer.status == 403 and scope in answer.json['message']
    limited_token(control, [scope])
    assert call('GET', path, auth=LIMITED).status == 200
    assert call('POST', path, {}).status == 405


# --- GET /history -------------------------------------------------------------------------------------------------------


def test_every_sms_is_in_the_history_newest_first_to_the_second(call, control):
    before = int(time.time())
    send(call)
    send(call, recipient='+4915799912346', message='Second')
    control.clear_outbox()
    answer = history(call, types='SMS', directions='OUTGOING')
    assert answer['totalCount'] == 2
    newest, oldest = answer['items']
    assert (newest['target'], newest['smsContent'], oldest['target']) == ('+4915799912346', 'Second', '+4915799912345')
    assert newest['source'] == '+4915799912345' and newest['connectionIds'] == ['s0']
    assert (newest['type'], newest['direction'], newest['incoming'], newest['scheduled']) == ('SMS', 'OUTGOING', False, None)
    assert len(newest['created']) == len('2026-12-01T07:30:05Z') and newest['created'].endswith('Z')
    assert before <= datetime.datetime.strptime(newest['created'], '%Y-%m-%dT%H:%M:%SZ').replace(
        tzinfo=datetime.timezone.utc).timestamp() <= time.time()
    assert int(newest['id']) > int(oldest['id'])


def test_a_scheduled_sms_is_in_the_history_with_its_time(call):
    send_at = int(time.time()) + 3600
    send(call, sendAt=send_at)
    assert history(call)['items'][0]['scheduled'] == iso(send_at)


@pytest.mark.parametrize('fault', [
    {'process': True, 'status': 503},
    {'process': True, 'action': 'close'},
    {'process': True, 'delay_ms': 10},
], ids=['answer_replaced', 'answer_dropped', 'answer_delayed'])
def test_an_sms_whose_answer_was_lost_is_in_the_history(call, control, sandbox, fault):
    control.add_fault(method='POST', path='/sessions/sms', **fault)
    try:
        call('POST', '/sessions/sms', SMS)
    except (http.client.HTTPException, OSError):
        call.connection.close()
    assert [item['smsContent'] for item in history(call)['items']] == ['Hello']


def test_a_fault_before_the_api_leaves_no_history(call, control):
    control.add_fault(method='POST', path='/sessions/sms', status=503)
    assert call('POST', '/sessions/sms', SMS).status == 503
    assert history(call)['items'] == []


def test_the_filters(call):
    send(call)
    send(call, recipient='+4915799912346')
    send(call, smsId='s1', recipient='+4915799912346')
    assert history(call, connectionIds='s1')['totalCount'] == 1
    assert history(call, connectionIds=['s0', 's1'])['totalCount'] == 3
    assert history(call, phonenumber='+4915799912346')['totalCount'] == 2
    assert history(call, phonenumber='0049 157 99912346')['totalCount'] == 2
    assert history(call, types='CALL')['totalCount'] == 0
    assert history(call, types=['CALL', 'SMS'])['totalCount'] == 3
    assert history(call, directions='INCOMING')['totalCount'] == 0
    now = time.time()
    assert history(call, **{'from': iso(now - 60)})['totalCount'] == 3
    assert history(call, **{'from': iso(now + 60)})['totalCount'] == 0
    assert history(call, to=iso(now - 60))['totalCount'] == 0
    assert history(call, to=datetime.datetime.fromtimestamp(now + 3600, datetime.timezone(datetime.timedelta(hours=2))).isoformat(
        timespec='seconds'))['totalCount'] == 3


def test_paging_with_offset_and_limit(call):
    for number in range(12):
        send(call, message='SMS %d' % number)
    assert [item['smsContent'] for item in history(call)['items']] == ['SMS %d' % number for number in range(11, 1, -1)]
    page = history(call, offset=10, limit=5)
    assert page['totalCount'] == 12 and [item['smsContent'] for item in page['items']] == ['SMS 1', 'SMS 0']
    assert history(call, limit=1000)['totalCount'] == 12


@pytest.mark.parametrize('query', ['limit=1001', 'limit=-1', 'offset=x', 'types=SMTP', 'directions=UP', 'from=yesterday'])
def test_invalid_filters_are_400(call, query):
    assert call('GET', '/history?' + query).status == 400


def test_reset_empties_the_history(call, control):
    send(call)
    control.reset()
    assert history(call)['items'] == []


def test_aging_the_history_dates_every_entry_earlier_for_the_time_filters(call, control):
    send(call)
    send(call, message='Later')
    created = [item['created'] for item in history(call)['items']]
    assert control.age_history(7200) == {'aged': 2}
    aged = history(call)['items']
    assert [item['smsContent'] for item in aged] == ['Later', 'Hello']
    assert [item['created'] for item in aged] == [iso(datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(
        tzinfo=datetime.timezone.utc).timestamp() - 7200) for text in created]
    now = time.time()
    assert history(call, **{'from': iso(now - 3600)})['totalCount'] == 0
    assert history(call, **{'from': iso(now - 3 * 3600)})['totalCount'] == 2
    send(call, message='Now')
    assert history(call, **{'from': iso(now - 3600)})['totalCount'] == 1


@pytest.mark.parametrize('body', [{'seconds': -1}, {'seconds': 'an hour'}, {'seconds': True}, {}, {'seconds': 5, 'x': 1}])
def test_aging_takes_only_seconds_of_zero_or_more(control, body):
    with pytest.raises(SandboxError, match='HTTP 400'):
        control.call('POST', '/history/age', body)
