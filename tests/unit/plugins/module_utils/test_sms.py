# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The send loop, with a real SipgateClient and the API replayed at the requests boundary."""

from __future__ import annotations

import json

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.plugins.module_utils._sms import (
    accepted,
    check_balance,
    delivery_summary,
    not_delivered,
    send_to_each,
    settle_unknown,
    sms_body,
    unknown,
)
from ansible_collections.sipgate.io.tests.unit.replay import (
    TOKEN, TOKEN_ID, dropped, json_answer, no_content, read_timeout, refused,
)

RECIPIENTS = ['+4915799912345', '+4915799912346', '+4915799912347']


def client(retries=0):
    return SipgateClient(api_url='https://api.sipgate.com/v2', timeout=DEFAULT_TIMEOUT, retries=retries,
                         token_id=TOKEN_ID, token=TOKEN, sleep=lambda seconds: None)


def posted(api):
    return [json.loads(request.body.decode('utf-8')) for request in api.requests]


def test_sms_body():
    assert sms_body('s0', 'hi', '+4915799912345') == {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'hi'}
    assert sms_body('s1', 'hi', '+4915799912345', 1767258000)['sendAt'] == 1767258000


def test_each_recipient_gets_its_own_request_in_order(api):
    api.answers = [no_content()] * 3
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [(outcome['recipient'], outcome['status'], outcome['http_status'], outcome['error']) for outcome in outcomes] == [
        (recipient, 'sent', 204, None) for recipient in RECIPIENTS]
    assert posted(api) == [sms_body('s0', 'Deployed.', recipient) for recipient in RECIPIENTS]
    assert accepted(outcomes) == RECIPIENTS and not_delivered(outcomes) == []


def test_a_scheduled_sms_is_scheduled(api):
    api.answers = [no_content()]
    outcomes = send_to_each(client(), 's0', 'Later.', RECIPIENTS[:1], send_at=1767258000)
    assert outcomes[0]['status'] == 'scheduled'
    assert posted(api)[0]['sendAt'] == 1767258000
    assert accepted(outcomes) == RECIPIENTS[:1]


def test_a_failure_for_one_recipient_does_not_stop_the_others(api):
    api.answers = [no_content(), json_answer(400, 'error_400.json'), no_content()]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'sent']
    assert outcomes[1]['http_status'] == 400
    assert str(outcomes[1]['error']).startswith('Sending the SMS to +4915799912346 failed with HTTP 400')
    assert not_delivered(outcomes) == RECIPIENTS[1:2]


def test_an_account_wide_failure_stops_the_sending(api):
    api.answers = [no_content(), json_answer(402, 'error_402.json')]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'not_sent']
    assert outcomes[2]['error'] is outcomes[1]['error']
    assert outcomes[2]['http_status'] is None
    assert len(api.requests) == 2
    assert not_delivered(outcomes) == RECIPIENTS[1:]


def test_an_unreachable_api_stops_the_sending(api):
    api.answers = [refused]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'not_sent', 'not_sent']
    assert outcomes[0]['error'].kind == 'refused'


def test_the_action_names_each_recipient(api):
    api.answers = [json_answer(403, 'error_403.json')]
    outcomes = send_to_each(client(), 's0', 'Failed.', RECIPIENTS[:1], action='Sending the notification SMS to %s')
    assert str(outcomes[0]['error']).startswith('Sending the notification SMS to +4915799912345 failed with HTTP 403')


@pytest.mark.parametrize('answer', [read_timeout, dropped, json_answer(500, data={}), json_answer(502, data={}), json_answer(504, data={})],
                         ids=['read_timeout', 'dropped', '500', '502', '504'])
def test_an_sms_the_api_may_have_accepted_is_unknown_and_the_others_are_still_tried(api, answer):
    api.answers = [no_content(), answer, no_content()]
    outcomes = send_to_each(client(retries=2), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'unknown', 'sent']
    assert outcomes[1]['error'].may_have_been_accepted
    assert str(outcomes[1]['error']).endswith('The API may have accepted it; it is not sent again, to avoid a duplicate SMS.') or \
        'to avoid a duplicate SMS. The API said' in str(outcomes[1]['error'])
    assert [body['recipient'] for body in posted(api)] == RECIPIENTS
    assert accepted(outcomes) == [RECIPIENTS[0], RECIPIENTS[2]]
    assert unknown(outcomes) == RECIPIENTS[1:2]
    assert not_delivered(outcomes) == []


def test_only_certain_failures_are_not_delivered(api):
    api.answers = [json_answer(400, 'error_400.json'), read_timeout, json_answer(401, 'error_401.json')]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS + ['+4915799912348'])
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'unknown', 'failed', 'not_sent']
    assert not_delivered(outcomes) == [RECIPIENTS[0], RECIPIENTS[2], '+4915799912348']
    assert unknown(outcomes) == RECIPIENTS[1:2]


# --- unknown outcomes settled from the account history -----------------------------------------------------------------

TEXT = 'Disk on db1 is 95% full.'
# 2026-12-01T07:30:05Z, the newest entry of history_sms.json, less a fraction: the API keeps whole seconds.
STARTED = 1796110205.4


def unknown_outcomes(*recipients):
    return [dict(recipient=recipient, status='unknown', http_status=503, error='lost') for recipient in recipients]


class Clock(object):
    """A clock that sleeping moves on, so the bounded wait needs no real time."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def settle(api, outcomes, answers, wait=10.0, send_at=None):
    api.answers = list(answers)
    clock = Clock()
    settle_unknown(client(), 's0', TEXT, outcomes, STARTED, send_at=send_at, wait=wait, sleep=clock.sleep, clock=clock)
    return clock


def test_an_sms_the_history_shows_is_sent_with_its_history_id(api):
    outcomes = unknown_outcomes('+4915799912346') + [dict(recipient='+4915799912347', status='sent', http_status=204, error=None)]
    clock = settle(api, outcomes, [json_answer(200, 'history_sms.json')])
    assert outcomes[0] == dict(recipient='+4915799912346', status='sent', http_status=503, error=None, confirmed_by='history',
                               history_id='100000002')
    assert accepted(outcomes) == ['+4915799912346', '+4915799912347'] and clock.sleeps == []
    assert api.methods == ['GET'] and 'connectionIds=s0' in api.requests[0].url and 'from=2026-12-01T07%3A29%3A05Z' in api.requests[0].url


def test_one_history_read_settles_every_recipient(api):
    outcomes = unknown_outcomes('+4915799912345', '+4915799912346')
    settle(api, outcomes, [json_answer(200, 'history_sms.json')])
    assert [outcome['history_id'] for outcome in outcomes] == ['100000001', '100000002'] and len(api.requests) == 1


def test_a_scheduled_sms_the_history_shows_is_scheduled(api):
    outcomes = unknown_outcomes('+4915799912346')
    settle(api, outcomes, [json_answer(200, 'history_sms.json')], send_at=1796120000)
    assert outcomes[0]['status'] == 'scheduled'


def test_the_history_is_read_again_until_the_sms_shows(api):
    outcomes = unknown_outcomes('+4915799912346')
    clock = settle(api, outcomes, [json_answer(200, 'history_empty.json')] * 2 + [json_answer(200, 'history_sms.json')])
    assert outcomes[0]['status'] == 'sent' and clock.sleeps == [0.5, 1.0]


def test_an_sms_the_history_does_not_show_stays_unknown_after_a_bounded_wait(api):
    api.default = json_answer(200, 'history_empty.json')
    outcomes = unknown_outcomes('+4915799912346')
    clock = settle(api, outcomes, [], wait=5.0)
    assert outcomes[0]['status'] == 'unknown' and 'no such SMS yet (looked for 5 seconds)' in outcomes[0]['note']
    assert sum(clock.sleeps) == 5.0 and max(clock.sleeps) <= 2.0
    assert api.methods == ['GET'] * (len(clock.sleeps) + 1)
    assert unknown(outcomes) == ['+4915799912346'] and 'no such SMS yet' in delivery_summary(outcomes)


def test_wait_zero_looks_once(api):
    outcomes = unknown_outcomes('+4915799912346')
    clock = settle(api, outcomes, [json_answer(200, 'history_empty.json')], wait=0)
    assert outcomes[0]['status'] == 'unknown' and clock.sleeps == [] and len(api.requests) == 1


def test_without_history_read_it_stays_unknown_naming_the_scope(api):
    outcomes = unknown_outcomes('+4915799912346')
    settle(api, outcomes, [json_answer(403, 'error_403.json')])
    assert outcomes[0]['status'] == 'unknown'
    assert outcomes[0]['note'] == 'The account history could not be checked for it: the token lacks the scope history:read.'
    assert len(api.requests) == 1


def test_an_unreadable_history_stays_unknown_with_the_error(api):
    outcomes = unknown_outcomes('+4915799912346')
    settle(api, outcomes, [json_answer(500, data={'message': 'down'})])
    assert outcomes[0]['status'] == 'unknown' and 'HTTP 500' in outcomes[0]['note']


def test_nothing_to_settle_reads_nothing(api):
    outcomes = [dict(recipient='+4915799912346', status='failed', http_status=400, error='bad')]
    settle(api, outcomes, [])
    assert api.requests == [] and outcomes[0]['status'] == 'failed'


def test_a_503_to_the_send_is_unknown_then_settled_by_the_history_and_never_sent_again(api):
    api.answers = [json_answer(503, 'error_503.json'), json_answer(200, 'history_sms.json')]
    sender = client(retries=2)
    outcomes = send_to_each(sender, 's0', TEXT, ['+4915799912346'])
    assert outcomes[0]['status'] == 'unknown'
    settle_unknown(sender, 's0', TEXT, outcomes, STARTED, wait=0)
    assert outcomes[0]['status'] == 'sent' and api.methods == ['POST', 'GET']


# --- the balance in check mode -------------------------------------------------------------------------------------------


@pytest.mark.parametrize('answer, balance, not_verified, problem', [
    (json_answer(200, 'balance.json'), {'amount': 123400, 'currency': 'EUR', 'value': 12.34}, [], None),
    (json_answer(200, 'balance_zero.json'), {'amount': 0, 'currency': 'EUR', 'value': 0.0}, [], 'HTTP 402'),
    (json_answer(403, 'error_403.json'), None, ['the account balance suffices (the token lacks the scope balance:read)'], None),
], ids=['positive', 'zero', 'no_scope'])
def test_check_balance(api, answer, balance, not_verified, problem):
    api.answers = [answer]
    found, unverified, found_problem = check_balance(client())
    assert found == balance
    assert unverified == ['the token may send SMS (scope sessions:sms:write)'] + not_verified
    assert (problem in found_problem) if problem else found_problem is None
