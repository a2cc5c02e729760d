# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unknown outcomes settled from the account history, with a clock that sleeping moves on."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._history_settling import settle_unknown
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import accepted, delivery_summary, unknown
from ansible_collections.sipgate.io.plugins.module_utils._send_loop import send_to_each
from ansible_collections.sipgate.io.tests.unit.clock import Clock
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, replayed_client


TEXT = 'Disk on db1 is 95% full.'
# 2026-12-01T07:30:05Z, the newest entry of history_sms.json, less a fraction: the API keeps whole seconds.
STARTED = 1796110205.4


def unknown_outcomes(*recipients):
    return [dict(recipient=recipient, status='unknown', http_status=503, error='lost') for recipient in recipients]


def settle(api, outcomes, answers, wait=10.0, send_at=None):
    api.answers = list(answers)
    clock = Clock()
    settle_unknown(replayed_client(), 's0', TEXT, outcomes, STARTED, send_at=send_at, wait=wait, sleep=clock.sleep, clock=clock)
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
    sender = replayed_client(retries=2)
    outcomes = send_to_each(sender, 's0', TEXT, ['+4915799912346'])
    assert outcomes[0]['status'] == 'unknown'
    settle_unknown(sender, 's0', TEXT, outcomes, STARTED, wait=0)
    assert outcomes[0]['status'] == 'sent' and api.methods == ['POST', 'GET']
