# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unknown outcomes settled from the account history, with a clock that sleeping moves on.

The API's clock is set to ours (the replayed answers carry no Date header), and the record of claims lives in the
test's own directory. Attempts are noted as deliver() notes them (_confirmation.announce and conclude).
"""

from __future__ import annotations

import copy
import email.utils

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _confirmation
from ansible_collections.sipgate.io.plugins.module_utils._confirmation import conclude, entries_by_sms, new_attempt_ids, record_key
from ansible_collections.sipgate.io.plugins.module_utils._claims import update_pending
from ansible_collections.sipgate.io.plugins.module_utils._history_settling import settle_unknown
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import SENT_STATUSES, UNKNOWN, accepted, delivery_summary, unknown
from ansible_collections.sipgate.io.plugins.module_utils._send_loop import send_to_each
from ansible_collections.sipgate.io.tests.unit.clock import Clock
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, load_fixture, replayed_client


TEXT = 'Disk on db1 is 95% full.'
# 2026-12-01T07:30:04Z and 07:30:05Z: the entries of history_sms.json to +4915799912345 and +4915799912346.
CREATED_345 = 1796110204
CREATED_346 = 1796110205


def history(*entries):
    return json_answer(200, data={'items': list(entries), 'totalCount': len(entries)})


def entry(entry_id, created, recipient='+4915799912346', text=TEXT, source='+4915799912345', scheduled=None):
    item = copy.deepcopy(load_fixture('history_sms.json')['items'][0])
    stamp = email.utils.formatdate(created, usegmt=True)
    iso = '%s' % _iso(created)
    assert stamp
    item.update(id=entry_id, created=iso, lastModified=iso, target=recipient, smsContent=text, source=source,
                scheduled=_iso(scheduled) if scheduled else None)
    return item


def _iso(seconds):
    from ansible_collections.sipgate.io.plugins.module_utils._history import iso_utc
    return iso_utc(seconds)


class Sender(object):
    """A client whose clock agrees with the API's, and the attempts it noted in ``directory``."""

    def __init__(self, directory, retries=0):
        self.client = replayed_client(retries=retries)
        self.client.api_clock.lowest, self.client.api_clock.highest = 0.0, 0.0
        self.directory = directory

    def attempts(self, recipients, started, ended, status='unknown', send_at=None, text=TEXT):
        """Outcomes of attempts made between ``started`` and ``ended``, noted as deliver() notes them."""
        ids = new_attempt_ids(recipients)
        outcomes = [dict(recipient=recipient, status=status, http_status=503 if status == 'unknown' else 204, error='lost',
                         started_at=started, ended_at=ended) for recipient in recipients]
        update_pending('history', record_key(self.client, 's0'), dict((ids[recipient], dict(
            fingerprint=_confirmation.fingerprint(recipient, text, send_at), started=started, ended=None, state='in_flight'))
            for recipient in recipients), directory=self.directory)
        conclude(self.client, 's0', text, outcomes, ids, send_at, SENT_STATUSES, UNKNOWN, directory=self.directory)
        return outcomes

    def settle(self, api, outcomes, answers, wait=10.0, send_at=None, sender=None):
        api.answers = list(answers)
        clock = Clock(now=1796110300.0)
        settle_unknown(self.client, 's0', TEXT, outcomes, send_at=send_at, sender=sender, wait=wait, sleep=clock.sleep,
                       clock=clock, directory=self.directory)
        return clock


@pytest.fixture
def sender(tmp_path):
    return Sender(str(tmp_path))


def test_an_sms_the_history_shows_is_sent_with_its_history_id_and_sender(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    outcomes.append(dict(recipient='+4915799912347', status='sent', http_status=204, error=None))
    clock = sender.settle(api, outcomes, [json_answer(200, 'history_sms.json')])
    assert dict((key, outcomes[0][key]) for key in ('status', 'error', 'confirmed_by', 'history_id', 'sender')) == dict(
        status='sent', error=None, confirmed_by='history', history_id='100000002', sender='+4915799912345')
    assert 'note' not in outcomes[0] and 'warning' not in outcomes[0]
    assert accepted(outcomes) == ['+4915799912346', '+4915799912347'] and clock.sleeps == []
    assert api.methods == ['GET'] and 'connectionIds=s0' in api.requests[0].url


def test_one_history_read_settles_every_recipient(api, sender):
    outcomes = sender.attempts(['+4915799912345', '+4915799912346'], CREATED_345 - 0.4, CREATED_346 + 0.2)
    sender.settle(api, outcomes, [json_answer(200, 'history_sms.json')])
    assert [outcome['history_id'] for outcome in outcomes] == ['100000001', '100000002'] and len(api.requests) == 1


def test_an_entry_older_than_the_attempt_never_confirms_it(api, sender):
    # The same text went to the same number two seconds before this attempt started: that entry is not this one's.
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 + 2.0, CREATED_346 + 2.5)
    sender.settle(api, outcomes, [history(entry('1', CREATED_346))], wait=0)
    assert outcomes[0]['status'] == 'unknown' and 'no such SMS yet' in outcomes[0]['note']


def test_an_entry_made_long_after_an_accepted_attempt_is_not_its(api, sender):
    earlier = sender.attempts(['+4915799912346'], CREATED_346 - 100, CREATED_346 - 99, status='sent')
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 0.5)
    sender.settle(api, outcomes, [history(entry('2', CREATED_346), entry('1', CREATED_346 - 100))], wait=0)
    assert earlier[0]['status'] == 'sent' and outcomes[0]['history_id'] == '2'


def test_one_entry_never_confirms_two_attempts(api, sender):
    # Two hosts sent the same text at once: one request was processed and its answer lost, the other dropped.
    first = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 1)
    second = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 1)
    sender.settle(api, first, [history(entry('1', CREATED_346))], wait=0)
    sender.settle(api, second, [history(entry('1', CREATED_346))], wait=0)
    for outcomes in (first, second):
        assert outcomes[0]['status'] == 'unknown'
        assert outcomes[0]['note'] == ('The history shows 1 entry that fit it (1), but 1 other attempt on this machine could '
                                       'own it too, so none is taken as its own.')


def test_an_accepted_attempt_owns_the_entry_a_dropped_one_would_take(api, sender):
    sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 0.5, status='sent')
    dropped = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.6)
    sender.settle(api, dropped, [history(entry('1', CREATED_346))], wait=0)
    assert dropped[0]['status'] == 'unknown' and '1 other attempt on this machine could own it' in dropped[0]['note']


def test_two_entries_confirm_two_attempts_one_each(api, sender):
    first = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 1)
    second = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 1)
    both = [entry('2', CREATED_346), entry('1', CREATED_346)]
    sender.settle(api, first, [history(*both)], wait=0)
    sender.settle(api, second, [history(*both)], wait=0)
    assert sorted([first[0]['history_id'], second[0]['history_id']]) == ['1', '2']


def test_a_claimed_entry_is_named_when_nothing_else_fits(api, sender):
    first = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 1)
    sender.settle(api, first, [history(entry('1', CREATED_346))], wait=0)
    later = sender.attempts(['+4915799912346'], CREATED_346 - 0.3, CREATED_346 + 1)
    sender.settle(api, later, [history(entry('1', CREATED_346))], wait=0)
    assert first[0]['history_id'] == '1'
    assert later[0]['note'] == 'The history entries that fit it (1) confirm other attempts already, so it is not confirmed.'


def test_a_scheduled_sms_is_confirmed_only_by_an_entry_of_its_time(api, sender):
    send_at = CREATED_346 + 7200
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 0.5, send_at=send_at)
    other_times = [entry('1', CREATED_346, scheduled=CREATED_346 + 3600), entry('2', CREATED_346)]
    sender.settle(api, outcomes, [history(*other_times)], send_at=send_at, wait=0)
    assert outcomes[0]['status'] == 'unknown'
    sender.settle(api, outcomes, [history(entry('3', CREATED_346, scheduled=send_at), *other_times)], send_at=send_at, wait=0)
    assert outcomes[0]['status'] == 'scheduled' and outcomes[0]['history_id'] == '3'


@pytest.mark.parametrize('change', [dict(recipient='+4915799912347'), dict(text=TEXT + ' ')], ids=['recipient', 'text'])
def test_an_entry_of_another_recipient_or_text_does_not_confirm(api, sender, change):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 0.5)
    sender.settle(api, outcomes, [history(entry('1', CREATED_346, **change))], wait=0)
    assert outcomes[0]['status'] == 'unknown'


def test_an_entry_of_another_sender_is_sent_as_that_sender_with_a_warning(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.5, CREATED_346 + 0.5)
    sender.settle(api, outcomes, [history(entry('1', CREATED_346, source='sipgate'))], sender='+4915799912345', wait=0)
    assert outcomes[0]['status'] == 'sent' and outcomes[0]['sender'] == 'sipgate'
    assert outcomes[0]['warning'] == ('The SMS to +4915799912346 went out as sipgate, not as +4915799912345: the history shows '
                                      'it so (entry 1); the API carried it out when +4915799912345 was not the default sender '
                                      'of s0.')


def test_the_api_clock_places_the_attempt_when_ours_is_behind(api, sender):
    # Our clock is 5 minutes behind the API's: an entry 70 seconds older than the attempt does not confirm it.
    sender.client.api_clock.lowest, sender.client.api_clock.highest = 300.0, 300.5
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 300 + 70, CREATED_346 - 300 + 71)
    sender.settle(api, outcomes, [history(entry('1', CREATED_346))], wait=0)
    assert outcomes[0]['status'] == 'unknown'
    assert 'from=2026-12-01T07%3A31%3A13Z' in api.requests[0].url


def test_the_history_is_read_again_until_the_sms_shows(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    clock = sender.settle(api, outcomes, [json_answer(200, 'history_empty.json')] * 2 + [json_answer(200, 'history_sms.json')])
    assert outcomes[0]['status'] == 'sent' and clock.sleeps == [0.5, 1.0]


def test_an_sms_the_history_does_not_show_stays_unknown_after_a_bounded_wait(api, sender):
    api.default = json_answer(200, 'history_empty.json')
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    clock = sender.settle(api, outcomes, [], wait=5.0)
    assert outcomes[0]['status'] == 'unknown' and 'no such SMS yet (looked for 5 seconds)' in outcomes[0]['note']
    assert sum(clock.sleeps) == 5.0 and max(clock.sleeps) <= 2.0
    assert api.methods == ['GET'] * (len(clock.sleeps) + 1)
    assert unknown(outcomes) == ['+4915799912346'] and 'no such SMS yet' in delivery_summary(outcomes)


def test_wait_zero_looks_once(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    clock = sender.settle(api, outcomes, [json_answer(200, 'history_empty.json')], wait=0)
    assert outcomes[0]['status'] == 'unknown' and clock.sleeps == [] and len(api.requests) == 1


def test_without_history_read_it_stays_unknown_naming_the_scope(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    sender.settle(api, outcomes, [json_answer(403, 'error_403.json')])
    assert outcomes[0]['status'] == 'unknown'
    assert outcomes[0]['note'] == 'The account history could not be checked for it: the token lacks the scope history:read.'
    assert len(api.requests) == 1


def test_an_unreadable_history_stays_unknown_with_the_error(api, sender):
    outcomes = sender.attempts(['+4915799912346'], CREATED_346 - 0.4, CREATED_346 + 0.2)
    sender.settle(api, outcomes, [json_answer(500, data={'message': 'down'})])
    assert outcomes[0]['status'] == 'unknown' and 'HTTP 500' in outcomes[0]['note']


def test_nothing_to_settle_reads_nothing(api, sender):
    outcomes = [dict(recipient='+4915799912346', status='failed', http_status=400, error='bad')]
    sender.settle(api, outcomes, [])
    assert api.requests == [] and outcomes[0]['status'] == 'failed'


def test_an_attempt_not_noted_on_this_machine_is_not_confirmed(api, sender):
    outcomes = [dict(recipient='+4915799912346', status='unknown', http_status=503, error='lost', started_at=CREATED_346 - 0.4,
                     ended_at=CREATED_346 + 0.2)]
    sender.settle(api, outcomes, [json_answer(200, 'history_sms.json')], wait=0)
    assert outcomes[0]['status'] == 'unknown'
    assert outcomes[0]['note'] == ('Its attempt could not be noted on this machine, so no history entry is taken as its own '
                                   '(100000002 fit).')


def test_a_503_to_the_send_is_unknown_then_settled_by_the_history_and_never_sent_again(api, sender):
    api.answers = [json_answer(503, 'error_503.json')]
    outcomes = send_to_each(sender.client, 's0', TEXT, ['+4915799912346'])
    assert outcomes[0]['status'] == 'unknown' and outcomes[0]['started_at'] <= outcomes[0]['ended_at']
    ids = new_attempt_ids(['+4915799912346'])
    conclude(sender.client, 's0', TEXT, outcomes, ids, None, SENT_STATUSES, UNKNOWN, directory=sender.directory)
    created = int(outcomes[0]['started_at'])
    sender.settle(api, outcomes, [history(entry('1', created + 1))], wait=0)
    assert outcomes[0]['status'] == 'sent' and api.methods == ['POST', 'GET']


def test_the_history_is_indexed_in_one_pass():
    items = [entry(str(number), CREATED_346, recipient='+49157999%05d' % number) for number in range(2000)]
    index = entries_by_sms(items, 's0')
    assert len(index) == 2000 and index[('+4915799900007', TEXT, None)][0]['id'] == '7'


def test_many_unknown_recipients_are_settled_by_one_read_and_one_decision(api, sender, monkeypatch):
    recipients = ['+49157999%05d' % number for number in range(1000)]
    outcomes = sender.attempts(recipients, CREATED_346 - 0.5, CREATED_346 + 0.5)
    decisions = []
    real_decide_all = _confirmation.decide_all

    def counted(*args, **kwargs):
        decisions.append(args[0])
        return real_decide_all(*args, **kwargs)
    monkeypatch.setattr(_confirmation, 'decide_all', counted)
    items = [entry(str(number), CREATED_346, recipient=recipient) for number, recipient in enumerate(recipients)]
    sender.settle(api, outcomes, [history(*items)], wait=0)
    assert [outcome['history_id'] for outcome in outcomes] == [str(number) for number in range(1000)]
    assert len(api.requests) == 1 and decisions == ['history']
