# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""At most once within a window: which history entries and pending attempts count as the same SMS sent within it."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._account import iso_utc
from ansible_collections.sipgate.io.plugins.module_utils._once_within import (
    FROM_HISTORY,
    FROM_PENDING,
    earlier_in_history,
    earlier_pending,
    earlier_sends,
    is_same_sms,
    once_key,
    seen_in_history,
    skip_note,
    within,
)

TEXT = 'Disk on db1 is 95% full.'
ONCALL = '+4915799912345'
OTHER = '+4915799912346'
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
    assert skip_note(earlier, HOUR) == ('The account history shows the same SMS to +4915799912345 at 2026-12-01T07:50:00Z '
                                        '(history entry 100000042), within once_within 1h; not sent again.')
    pending = earlier_pending(ONCALL, [{'created': NOW - 30, 'outcome': 'unknown'}], NOW, 90 * 60)
    assert skip_note(pending, 90 * 60) == (
        'Another task on this machine possibly sent (its outcome is unknown) the same SMS to +4915799912345 at '
        '2026-12-01T07:59:30Z, which the account history does not show yet, within once_within 90m; not sent again.')


def test_the_key_is_one_per_account_extension_recipient_and_text():
    key = once_key('https://api.sipgate.com/v2', 's0', ONCALL, TEXT)
    assert key == once_key('HTTPS://API.sipgate.com/v2/', 's0', ONCALL, TEXT)
    assert len({key, once_key('https://api.sipgate.com/v2', 's1', ONCALL, TEXT),
                once_key('https://api.sipgate.com/v2', 's0', OTHER, TEXT),
                once_key('https://api.sipgate.com/v2', 's0', ONCALL, TEXT + '!'),
                once_key('http://127.0.0.1:8080/v2', 's0', ONCALL, TEXT)}) == 5
    assert TEXT not in key and ONCALL not in key
