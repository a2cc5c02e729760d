# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one SMS delivery of module and callback: send, settle unknown outcomes from the history, tell what happened."""

from __future__ import annotations

import datetime
import tempfile

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
from ansible_collections.sipgate.io.plugins.module_utils._delivery import deliver
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture, no_content, read_timeout, replayed_client

RECIPIENTS = ['+4915799912345', '+4915799912346']


@pytest.fixture(autouse=True)
def private_lock_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


def test_every_recipient_reached_is_no_problem(api):
    api.answers = [no_content(), no_content()]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert delivery.accepted == RECIPIENTS and delivery.problems == [] and delivery.warnings == []
    assert [post['recipient'] for post in api.posts] == RECIPIENTS


def test_an_unknown_outcome_is_looked_up_in_the_history_and_stays_unknown_with_a_note(api):
    api.answers = [no_content(), read_timeout, json_answer(200, 'history_empty.json')]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, max_in_flight=1, history_wait=0)
    assert delivery.accepted == RECIPIENTS[:1] and delivery.unknown_recipients == RECIPIENTS[1:]
    assert delivery.outcomes[1]['note'] == 'The account history shows no such SMS yet (looked for 0 seconds).'
    assert delivery.problems[0].startswith('The SMS reached 1 of 2 recipients; for +4915799912346 the API may have accepted it')
    assert api.calls[-1][1].startswith('/v2/history?')


def test_without_history_lookup_the_history_is_not_read(api):
    api.answers = [read_timeout]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS[:1], history_lookup=False)
    assert delivery.unknown_recipients == RECIPIENTS[:1] and 'note' not in delivery.outcomes[0]
    assert api.calls == [('POST', '/v2/sessions/sms')]


def test_check_only_sends_nothing(api):
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, check_only=True)
    assert delivery.outcomes == [] and delivery.problems == [] and api.requests == []


def test_an_api_that_never_answers_holds_the_sending_for_ten_timeouts_not_one_per_recipient(api):
    clock = MonotonicClock()
    client = SipgateClient(api_url='https://api.sipgate.com/v2', timeout=30.0, retries=0, token_id=TOKEN_ID, token=TOKEN,
                           clock=clock)

    def hangs(request):
        # The request takes its whole timeout, as against an API that accepts connections and never answers.
        clock.now += api.send_options[-1]['timeout']
        read_timeout(request)
    api.default = hangs
    recipients = ['+49157999%05d' % number for number in range(200)]
    delivery = deliver(client, 's0', 'Deployed.', recipients, max_in_flight=1, history_lookup=False)
    statuses = [outcome['status'] for outcome in delivery.outcomes]
    assert statuses == ['unknown'] * 10 + ['not_sent'] * 190
    assert clock.now - 100.0 == pytest.approx(300.0)
    assert 'the task ran out of time' in str(delivery.outcomes[-1]['error'])


class MonotonicClock(object):
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def history_showing(recipient, text):
    """GET /history showing ``text`` sent to ``recipient`` from s0 a minute ago."""
    a_minute_ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
    item = dict(load_fixture('history_sms.json')['items'][0], target=recipient, smsContent=text, created=a_minute_ago)
    return json_answer(200, data={'items': [item], 'totalCount': 1})


def test_once_within_keeps_the_order_and_sends_only_to_the_others(api):
    api.answers = [history_showing(RECIPIENTS[0], 'Deployed.'), no_content()]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, once_within=600)
    assert [outcome['status'] for outcome in delivery.outcomes] == ['already_sent', 'sent']
    assert delivery.accepted == RECIPIENTS[1:] and [outcome['recipient'] for outcome in delivery.already_sent] == RECIPIENTS[:1]
    assert delivery.problems == []
    assert [post['recipient'] for post in api.posts] == RECIPIENTS[1:]


def test_once_within_with_nobody_left_neither_locks_nor_switches_the_sender(api):
    api.answers = [history_showing(RECIPIENTS[0], 'Deployed.')]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS[:1], sender='+4915799912345', user_id='w0', once_within=600)
    assert [outcome['status'] for outcome in delivery.outcomes] == ['already_sent']
    assert delivery.sending.result() == {} and delivery.problems == []
    # Only the history was read: no caller ids, no write of the default sender.
    assert [method for method, dummy in api.calls] == ['GET'] and api.calls[0][1].startswith('/v2/history?')


def test_once_within_in_check_only_reads_the_history_and_sends_nothing(api):
    api.answers = [history_showing(RECIPIENTS[1], 'Deployed.')]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, check_only=True, once_within=600)
    assert [outcome['recipient'] for outcome in delivery.outcomes] == RECIPIENTS[1:]
    assert delivery.outcomes[0]['status'] == 'already_sent' and api.posts == []
