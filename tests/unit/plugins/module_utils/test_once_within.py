# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""At most once within a window: which history entries and pending attempts count as the same SMS sent within it."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import signal
import threading
import time

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._history import iso_utc
from ansible_collections.sipgate.io.plugins.module_utils._claims import pending
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._lock import held, lock_name
from ansible_collections.sipgate.io.plugins.module_utils._once_within import (
    CLAIMS_KIND,
    FROM_HISTORY,
    FROM_PENDING,
    earlier_in_history,
    earlier_pending,
    earlier_sends,
    find_already_sent,
    is_same_sms,
    once_key,
    once_within_guard,
    seen_in_history,
    skip_note,
    within,
)
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, replayed_client

TEXT = 'Disk on db1 is 95% full.'
ONCALL = '+4915799912345'
OTHER = '+4915799912346'
THIRD = '+4915799912347'
# 2026-12-01T08:00:00Z
NOW = 1796112000
HOUR = 3600


def item(seconds_ago, recipient=ONCALL, text=TEXT, sms_id='s0', direction='OUTGOING', kind='SMS', entry_id=None):
    """A history entry as GET /history answers it, sent ``seconds_ago`` before NOW."""
    return {'id': entry_id or str(100000000 + seconds_ago), 'type': kind, 'direction': direction, 'source': '+4915799912340',
            'target': recipient, 'created': iso_utc(NOW - seconds_ago), 'connectionIds': [sms_id] if sms_id else [],
            'smsContent': text}


@pytest.mark.parametrize('created, counts', [
    (NOW - HOUR, True),        # the window's first second
    (NOW - HOUR + 1, True),
    (NOW - HOUR - 1, False),   # a second too early
    (NOW, True),
    (NOW + 30, True),          # the API's clock runs ahead: it was certainly sent
    (None, False),             # no time: not known to be within the window
])
def test_the_window_includes_both_edges(created, counts):
    assert within(created, NOW, HOUR) is counts


def test_the_same_sms_is_the_same_text_extension_and_recipient():
    assert is_same_sms(item(10), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, text=TEXT + ' '), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, text=TEXT.lower()), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, recipient=OTHER), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, sms_id='s1'), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, direction='INCOMING'), 's0', ONCALL, TEXT)
    assert not is_same_sms(item(10, kind='CALL'), 's0', ONCALL, TEXT)


def test_the_recipient_of_the_history_is_compared_in_e164():
    assert is_same_sms(item(10, recipient='0049 157 9991 2345'), 's0', ONCALL, TEXT)


def test_an_entry_without_extension_counts_for_any_extension():
    # Skipping one SMS too many is the safe side: a repeated alert is what the user asked to avoid.
    assert is_same_sms(item(10, sms_id=None), 's0', ONCALL, TEXT)


def test_the_newest_entry_within_the_window_is_the_earlier_send():
    items = [item(HOUR + 5, entry_id='old'), item(50, entry_id='newest'), item(300, entry_id='older')]
    earlier = earlier_in_history(items, 's0', ONCALL, TEXT, NOW, HOUR)
    assert earlier == dict(recipient=ONCALL, history_id='newest', sent_at=iso_utc(NOW - 50), created=NOW - 50,
                           source=FROM_HISTORY, outcome='sent')


@pytest.mark.parametrize('seconds_ago, found', [(HOUR, True), (HOUR + 1, False)])
def test_a_history_entry_at_the_edge_of_the_window(seconds_ago, found):
    earlier = earlier_in_history([item(seconds_ago)], 's0', ONCALL, TEXT, NOW, HOUR)
    assert (earlier is not None) is found


def test_entries_of_other_sms_do_not_count():
    items = [item(10, text='Disk on db2 is 95% full.'), item(10, recipient=OTHER), item(10, sms_id='s1'),
             item(10, direction='INCOMING'), dict(item(10), created='yesterday')]
    assert earlier_in_history(items, 's0', ONCALL, TEXT, NOW, HOUR) is None


def test_a_pending_attempt_within_the_window_counts_with_its_outcome():
    attempts = [{'created': NOW - HOUR - 1, 'outcome': 'sent'}, {'created': NOW - 20, 'outcome': 'unknown'},
                {'created': NOW - 90, 'outcome': 'sent'}]
    earlier = earlier_pending(ONCALL, attempts, NOW, HOUR)
    assert earlier == dict(recipient=ONCALL, history_id=None, sent_at=iso_utc(NOW - 20), created=NOW - 20,
                           source=FROM_PENDING, outcome='unknown')


def test_a_pending_attempt_older_than_the_window_does_not_count():
    assert earlier_pending(ONCALL, [{'created': NOW - HOUR - 1, 'outcome': 'sent'}], NOW, HOUR) is None
    assert earlier_pending(ONCALL, [{'created': NOW - HOUR, 'outcome': 'sent'}], NOW, HOUR) is not None
    assert earlier_pending(ONCALL, [], NOW, HOUR) is None


def test_an_attempt_without_outcome_counts_as_unknown():
    assert earlier_pending(ONCALL, [{'created': NOW}], NOW, HOUR)['outcome'] == 'unknown'


def test_each_recipient_is_looked_up_on_its_own():
    items = [item(100, recipient=ONCALL)]
    attempts = {OTHER: [{'created': NOW - 5, 'outcome': 'sent'}], '+4915799912347': [{'created': NOW - HOUR - 60, 'outcome': 'sent'}]}
    found = earlier_sends([ONCALL, OTHER, '+4915799912347', '+4915799912348'], items, attempts, 's0', TEXT, NOW, HOUR)
    assert sorted(found) == [ONCALL, OTHER]
    assert found[ONCALL]['source'] == FROM_HISTORY
    assert found[OTHER]['source'] == FROM_PENDING


def test_the_history_counts_before_a_pending_attempt():
    found = earlier_sends([ONCALL], [item(100, entry_id='h1')], {ONCALL: [{'created': NOW - 5, 'outcome': 'sent'}]},
                          's0', TEXT, NOW, HOUR)
    assert found[ONCALL]['history_id'] == 'h1'


def test_a_pending_attempt_is_seen_once_the_history_shows_an_entry_from_its_time():
    attempt = {'created': NOW - 100, 'outcome': 'sent'}
    shown = earlier_in_history([item(98)], 's0', ONCALL, TEXT, NOW, HOUR)
    assert seen_in_history(attempt, shown, skew=60)
    older = earlier_in_history([item(200)], 's0', ONCALL, TEXT, NOW, HOUR)
    assert not seen_in_history(attempt, older, skew=60)
    # The API keeps whole seconds and its clock differs from ours.
    assert seen_in_history(attempt, earlier_in_history([item(130)], 's0', ONCALL, TEXT, NOW, HOUR), skew=60)
    assert not seen_in_history(attempt, earlier_pending(ONCALL, [attempt], NOW, HOUR), skew=60)
    assert not seen_in_history(attempt, None, skew=60)


def test_the_note_names_the_earlier_sms_and_when_it_went_out():
    earlier = earlier_in_history([item(600, entry_id='100000042')], 's0', ONCALL, TEXT, NOW, HOUR)
    assert skip_note(earlier, HOUR) == ('The same SMS went to +4915799912345 at 2026-12-01T07:50:00Z (history entry 100000042), '
                                        'within once_within 1h; not sent again.')
    sent = earlier_pending(ONCALL, [{'created': NOW - 30, 'outcome': 'sent'}], NOW, 90 * 60)
    assert skip_note(sent, 90 * 60) == (
        'The same SMS went to +4915799912345 at 2026-12-01T07:59:30Z from another task on this machine (the account '
        'history does not show it yet), within once_within 90m; not sent again.')
    unknown = earlier_pending(ONCALL, [{'created': NOW - 30, 'outcome': 'unknown'}], NOW, 45)
    assert skip_note(unknown, 45) == (
        'The same SMS may have gone to +4915799912345 at 2026-12-01T07:59:30Z from another task on this machine (its '
        'outcome is unknown, and the account history does not show it), within once_within 45s; not sent again.')


def test_the_key_is_one_per_account_extension_and_text():
    key = once_key('https://api.sipgate.com/v2', 's0', TEXT)
    assert key == once_key('HTTPS://API.sipgate.com.:443/v2/', 's0', TEXT)
    assert len({key, once_key('https://api.sipgate.com/v2', 's1', TEXT),
                once_key('https://api.sipgate.com/v2', 's0', TEXT + '!'),
                once_key('http://127.0.0.1:8080/v2', 's0', TEXT)}) == 4
    assert TEXT not in key


# --- the look-up and the attempt under the lock ---------------------------------------------------------------------------


def history_answer(*items):
    return json_answer(200, data={'items': list(items), 'totalCount': len(items)})


def sent_now(recipient=ONCALL, seconds_ago=0, entry_id='100000007'):
    """A history entry of TEXT to ``recipient``, dated ``seconds_ago`` before the real now."""
    return dict(item(0, recipient=recipient, entry_id=entry_id), created=iso_utc(time.time() - seconds_ago))


def attempts(directory, recipient=ONCALL):
    key = once_key('https://api.sipgate.com/v2', 's0', TEXT)
    return [entry['data']['outcome'] for entry in pending(CLAIMS_KIND, key, directory=directory).values()
            if entry['data']['recipient'] == recipient]


def outcome(recipient, status):
    return dict(recipient=recipient, status=status, http_status=None, error=None)


def test_the_history_over_the_window_is_read_once_for_every_recipient(api, tmp_path):
    api.answers = [history_answer(sent_now(seconds_ago=120))]
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL, OTHER], HOUR, directory=str(tmp_path)) as guard:
        assert sorted(guard.already_sent) == [ONCALL]
        assert guard.already_sent[ONCALL]['history_id'] == '100000007'
        assert guard.to_send == [OTHER]
    assert len(api.requests) == 1
    sent_query = parse_qs(urlsplit(api.requests[0].url).query)
    assert sent_query['connectionIds'] == ['s0'] and sent_query['types'] == ['SMS'] and sent_query['directions'] == ['OUTGOING']
    since = datetime.datetime.strptime(sent_query['from'][0], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    assert abs(time.time() - HOUR - since.timestamp()) < 60


def test_the_attempt_is_pending_while_sending_and_stays_so_once_sent(api, tmp_path):
    api.answers = [history_answer()]
    directory = str(tmp_path)
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL, OTHER, THIRD], HOUR, directory=directory) as guard:
        assert guard.to_send == [ONCALL, OTHER, THIRD]
        # A task killed now leaves each attempt pending with an unknown outcome.
        assert attempts(directory) == ['unknown']
        guard.record([outcome(ONCALL, 'sent'), outcome(OTHER, 'failed'), outcome(THIRD, 'unknown')])
    assert attempts(directory, ONCALL) == ['sent']
    assert attempts(directory, OTHER) == []
    assert attempts(directory, THIRD) == ['unknown']


def test_a_pending_attempt_counts_until_the_history_shows_it(api, tmp_path):
    directory = str(tmp_path)
    api.answers = [history_answer(), history_answer(), history_answer(sent_now())]
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory) as guard:
        guard.record([outcome(ONCALL, 'sent')])
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory) as guard:
        assert guard.to_send == []
        assert guard.already_sent[ONCALL]['source'] == FROM_PENDING and guard.already_sent[ONCALL]['history_id'] is None
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory) as guard:
        assert guard.already_sent[ONCALL]['source'] == FROM_HISTORY
    # The history shows it now: the pending attempt is done with.
    assert attempts(directory) == []


def test_a_task_that_ends_without_an_outcome_leaves_its_attempt_unknown(api, tmp_path):
    directory = str(tmp_path)
    api.default = history_answer()
    with pytest.raises(KeyboardInterrupt):
        with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory):
            raise KeyboardInterrupt()
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory) as guard:
        assert guard.to_send == []
        assert guard.already_sent[ONCALL]['outcome'] == 'unknown'


def test_an_api_error_before_sending_forgets_the_attempt(api, tmp_path):
    directory = str(tmp_path)
    api.default = history_answer()
    with pytest.raises(SipgateError):
        with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory):
            raise SipgateError('The sender could not be switched.', kind='config')
    assert attempts(directory) == []
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory) as guard:
        assert guard.to_send == [ONCALL]


def test_a_block_that_sends_nothing_forgets_the_attempt(api, tmp_path):
    api.default = history_answer()
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=str(tmp_path)):
        pass
    assert attempts(str(tmp_path)) == []


@pytest.mark.parametrize('answer, cause', [
    (json_answer(403, 'error_403.json'), 'HTTP 403'),
    (json_answer(503, 'error_503.json'), 'HTTP 503'),
    (json_answer(200, data={'unexpected': True}), 'without a list of items'),
])
def test_an_unreadable_history_fails_closed_naming_the_cause(api, tmp_path, answer, cause):
    api.default = answer
    with pytest.raises(SipgateError) as caught:
        with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=str(tmp_path)):
            pytest.fail('nothing may be sent')
    message = str(caught.value)
    assert message.startswith('once_within needs the account history to tell who got this SMS within 1h, and it could not be read: ')
    assert cause in message
    assert attempts(str(tmp_path)) == []
    assert api.posts == []


def test_without_history_read_the_error_names_the_scope(api, tmp_path):
    api.default = json_answer(403, 'error_403.json')
    with pytest.raises(SipgateError) as caught:
        find_already_sent(replayed_client(), 's0', TEXT, [ONCALL], HOUR, time.time(), directory=str(tmp_path))
    assert 'history:read' in str(caught.value) and caught.value.status == 403


def test_tasks_at_once_send_the_same_sms_once(api, tmp_path):
    # Each thread opens its own lock files, as a fork does; the history never shows the SMS, only the pending attempt.
    api.default = history_answer()
    directory = str(tmp_path)
    barrier = threading.Barrier(6)
    sent = []

    def task():
        barrier.wait()
        with once_within_guard(replayed_client(), 's0', TEXT, [OTHER, ONCALL], HOUR, directory=directory) as guard:
            sent.extend(guard.to_send)
            guard.record([outcome(recipient, 'sent') for recipient in guard.to_send])

    threads = [threading.Thread(target=task) for dummy in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent) == [ONCALL, OTHER]
    assert len(api.requests) == 6


def test_a_lock_held_too_long_fails_before_anything_is_read(api, tmp_path):
    api.default = history_answer()
    directory = str(tmp_path)
    key = once_key('https://api.sipgate.com/v2', 's0', TEXT)
    with held(lock_name(key, purpose='once'), exclusive=True, directory=directory):
        with pytest.raises(SipgateError) as caught:
            with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, wait=0.05, directory=directory):
                pytest.fail('nothing may be sent')
    assert caught.value.kind == 'lock'
    assert str(caught.value).startswith('Waited ') and 'same SMS with once_within' in str(caught.value)
    assert api.requests == []


def _killed_while_sending(directory):
    """Enter the guard, as a task about to send does, and be killed there (SIGKILL: no clean-up runs)."""
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, directory=directory):
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_task_killed_while_sending_leaves_its_attempt_unknown_and_the_lock_free(api, tmp_path):
    directory = str(tmp_path)
    api.default = history_answer()
    process = multiprocessing.get_context('fork').Process(target=_killed_while_sending, args=(directory,))
    process.start()
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    with once_within_guard(replayed_client(), 's0', TEXT, [ONCALL], HOUR, wait=5, directory=directory) as guard:
        assert guard.to_send == []
        assert guard.already_sent[ONCALL]['outcome'] == 'unknown'


def test_one_lock_and_one_record_serve_every_recipient_of_a_text(api, tmp_path):
    api.default = history_answer()
    directory = str(tmp_path)
    recipients = ['+49157999%05d' % number for number in range(300)]
    with once_within_guard(replayed_client(), 's0', TEXT, recipients, HOUR, directory=directory) as guard:
        guard.record([outcome(recipient, 'sent') for recipient in guard.to_send])
    files = os.listdir(os.path.join(directory, 'sipgate.io-locks-%d' % os.getuid()))
    assert len([name for name in files if name.startswith('once-')]) == 2  # the lock and its gate
    assert len([name for name in files if name.endswith('.json')]) == 1
    assert len(attempts(directory, recipients[-1])) == 1
