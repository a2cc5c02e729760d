# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import datetime

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._send_at import (
    MAX_SCHEDULE_AHEAD,
    ScheduleError,
    parse_send_at,
    resolve_send_at,
    to_iso_utc,
    to_unix_seconds,
    validate_send_at,
)

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
TARGET = datetime.datetime(2026, 12, 1, 8, 30, 0, tzinfo=UTC)
TARGET_UNIX = 1796113800


def test_target_constants_agree():
    assert TARGET.timestamp() == TARGET_UNIX


@pytest.mark.parametrize('value', [
    '2026-12-01T09:30:00+01:00',
    '2026-12-01T09:30:00+0100',
    '2026-12-01T09:30:00+01',
    '2026-12-01T09:30+01:00',
    '2026-12-01T09:30+0100',
    '2026-12-01T08:30:00Z',
    '2026-12-01T08:30:00z',
    '2026-12-01T08:30Z',
    '2026-12-01t08:30:00Z',
    '2026-12-01T08:30:00+00:00',
    '2026-12-01T08:30:00-00:00',
    '2026-12-01T03:30:00-05:00',
    '2026-12-01T14:00:00+05:30',
    '2026-12-01T14:00:00+0530',
    '2026-12-01 09:30:00+01:00',
    '2026-12-01 08:30:00 +00:00',
    '2026-12-01 08:30:00 Z',
    '2026-12-01 08:30:00',
    '2026-12-01 08:30',
    '2026-12-01T08:30:00',
    '2026-12-01T08:30',
    '  2026-12-01T08:30:00Z  ',
    '2026-12-02T00:30:00+16:00',
    '2026-11-30T23:30:00-09:00',
    TARGET_UNIX,
    float(TARGET_UNIX),
    str(TARGET_UNIX),
    ' %d ' % TARGET_UNIX,
    '+%d' % TARGET_UNIX,
    '%d.0' % TARGET_UNIX,
    '%d.' % TARGET_UNIX,
    TARGET,
    datetime.datetime(2026, 12, 1, 8, 30),
    datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
])
def test_accepted_forms(value):
    parsed = parse_send_at(value)
    assert parsed == TARGET
    assert parsed.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize('value, expected', [
    ('2026-12-01T08:30:00.5Z', TARGET.replace(microsecond=500000)),
    ('2026-12-01T08:30:00,5Z', TARGET.replace(microsecond=500000)),
    ('2026-12-01T08:30:00.123Z', TARGET.replace(microsecond=123000)),
    ('2026-12-01T08:30:00.123456Z', TARGET.replace(microsecond=123456)),
    ('2026-12-01T08:30:00.1234567891+00:00', TARGET.replace(microsecond=123456)),
    ('2026-12-01T09:30:00.25+0100', TARGET.replace(microsecond=250000)),
    ('2026-12-01 08:30:00.999', TARGET.replace(microsecond=999000)),
    (TARGET_UNIX + 0.5, TARGET.replace(microsecond=500000)),
    ('%d.25' % TARGET_UNIX, TARGET.replace(microsecond=250000)),
])
def test_fractional_seconds(value, expected):
    assert parse_send_at(value) == expected


@pytest.mark.parametrize('value, expected', [
    (0, datetime.datetime(1970, 1, 1, tzinfo=UTC)),
    ('-1', datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
    (1767258000, datetime.datetime(2026, 1, 1, 9, 0, tzinfo=UTC)),
    ('1767258000', datetime.datetime(2026, 1, 1, 9, 0, tzinfo=UTC)),
])
def test_unix_seconds(value, expected):
    assert parse_send_at(value) == expected


@pytest.mark.parametrize('value, reason', [
    (True, 'boolean'),
    (False, 'boolean'),
    (None, 'unsupported type NoneType'),
    ([TARGET_UNIX], 'unsupported type list'),
    (datetime.date(2026, 12, 1), 'unsupported type date'),
    ('', 'empty'),
    ('   ', 'empty'),
    ('tomorrow', 'not recognised'),
    ('now', 'not recognised'),
    ('2026-12-01', 'not recognised'),
    ('2026-12-01T', 'not recognised'),
    ('2026-12-01T9:30', 'not recognised'),
    ('2026-12-1T09:30', 'not recognised'),
    ('01.12.2026 09:30', 'not recognised'),
    ('12/01/2026 09:30', 'not recognised'),
    ('2026-12-01T09:30:00+1', 'not recognised'),
    ('2026-12-01T09:30:00+01:', 'not recognised'),
    ('2026-12-01T09:30:00+01:00:00', 'not recognised'),
    ('2026-12-01T09:30:00 CET', 'not recognised'),
    ('2026-12-01T09:30:00ZZ', 'not recognised'),
    ('2026-12-01T09:30:00.Z', 'not recognised'),
    ('2026-12-01T09:30:60Z', 'second must be'),
    ('2026-12-01T24:00:00Z', 'hour must be'),
    ('2026-12-01T09:60:00Z', 'minute must be'),
    ('2026-13-01T09:30:00Z', 'month must be'),
    ('2026-02-30T09:30:00Z', 'day is out of range'),
    ('2026-12-01T09:30:00+24:00', 'offset'),
    ('2026-12-01T09:30:00+01:60', 'offset minutes'),
    ('0001-01-01T00:00:00+01:00', 'out of range'),
    ('1767258000000000', 'milliseconds'),
    (10 ** 20, 'milliseconds'),
    (float('inf'), 'not a finite number'),
    (float('nan'), 'not a finite number'),
    ('1e9', 'not recognised'),
    ('0x69', 'not recognised'),
    ('1 767 258 000', 'not recognised'),
    ('\u0661\u0667\u0666\u0667', 'not recognised'),
])
def test_rejected_forms(value, reason):
    with pytest.raises(ScheduleError) as error:
        parse_send_at(value)
    message = str(error.value)
    assert message.startswith('send_at %r is not a valid time' % (value,))
    assert reason in message
    assert 'T09:30:00+01:00, ' in message
    assert 'Unix seconds' in message


def test_schedule_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_send_at('garbage')


@pytest.mark.parametrize('when', [
    NOW + datetime.timedelta(microseconds=1),
    NOW + datetime.timedelta(seconds=1),
    TARGET,
    NOW + MAX_SCHEDULE_AHEAD - datetime.timedelta(seconds=1),
    NOW + MAX_SCHEDULE_AHEAD,
])
def test_validate_accepts_future_within_30_days(when):
    assert validate_send_at(when, now=NOW) == when


@pytest.mark.parametrize('when', [
    NOW - datetime.timedelta(days=1),
    NOW - datetime.timedelta(seconds=1),
    NOW,
])
def test_validate_rejects_past_and_now(when):
    with pytest.raises(ScheduleError) as error:
        validate_send_at(when, now=NOW)
    message = str(error.value)
    assert 'must be in the future' in message
    assert to_iso_utc(when) in message
    assert '2026-11-20T12:00:00Z' in message


@pytest.mark.parametrize('when', [
    NOW + MAX_SCHEDULE_AHEAD + datetime.timedelta(microseconds=1),
    NOW + MAX_SCHEDULE_AHEAD + datetime.timedelta(seconds=1),
    NOW + datetime.timedelta(days=365),
])
def test_validate_rejects_more_than_30_days_ahead(when):
    with pytest.raises(ScheduleError) as error:
        validate_send_at(when, now=NOW)
    message = str(error.value)
    assert 'at most 30 days ahead' in message
    assert to_iso_utc(when) in message
    assert '2026-12-20T12:00:00Z' in message


def test_max_schedule_ahead():
    assert MAX_SCHEDULE_AHEAD == datetime.timedelta(days=30)


def test_validate_treats_naive_times_as_utc():
    naive_now = datetime.datetime(2026, 11, 20, 12, 0, 0)
    assert validate_send_at(datetime.datetime(2026, 11, 20, 12, 0, 1), now=naive_now) == NOW + datetime.timedelta(seconds=1)


def test_validate_compares_across_offsets():
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    # 13:00 at UTC+2 is 11:00 UTC: one hour before NOW, although the wall clock reads later.
    with pytest.raises(ScheduleError, match='in the future'):
        validate_send_at(datetime.datetime(2026, 11, 20, 13, 0, tzinfo=plus_two), now=NOW)


def test_validate_defaults_to_current_time():
    soon = datetime.datetime.now(UTC) + datetime.timedelta(hours=1)
    assert validate_send_at(soon) == soon
    with pytest.raises(ScheduleError, match='in the future'):
        validate_send_at(datetime.datetime.now(UTC) - datetime.timedelta(hours=1))


@pytest.mark.parametrize('when, expected', [
    (TARGET, TARGET_UNIX),
    (TARGET.replace(microsecond=999999), TARGET_UNIX),
    (datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))), TARGET_UNIX),
    (datetime.datetime(2026, 12, 1, 8, 30), TARGET_UNIX),
    (datetime.datetime(1970, 1, 1, tzinfo=UTC), 0),
    (datetime.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC), -1),
])
def test_to_unix_seconds(when, expected):
    result = to_unix_seconds(when)
    assert result == expected
    assert isinstance(result, int)


@pytest.mark.parametrize('when, expected', [
    (TARGET, '2026-12-01T08:30:00Z'),
    (TARGET.replace(microsecond=999999), '2026-12-01T08:30:00Z'),
    (datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))), '2026-12-01T08:30:00Z'),
    (datetime.datetime(2026, 12, 1, 8, 30), '2026-12-01T08:30:00Z'),
])
def test_to_iso_utc(when, expected):
    assert to_iso_utc(when) == expected


@pytest.mark.parametrize('value', [
    '2026-12-01T09:30:00+01:00',
    '2026-12-01T08:30:00.75Z',
    '2026-12-01 08:30',
    TARGET_UNIX,
    TARGET_UNIX + 0.75,
    str(TARGET_UNIX),
])
def test_resolve_send_at(value):
    assert resolve_send_at(value, now=NOW) == (TARGET_UNIX, '2026-12-01T08:30:00Z')


def test_resolve_send_at_bounds():
    latest = NOW + MAX_SCHEDULE_AHEAD
    assert resolve_send_at(to_unix_seconds(latest), now=NOW) == (to_unix_seconds(latest), '2026-12-20T12:00:00Z')
    with pytest.raises(ScheduleError, match='at most 30 days ahead'):
        resolve_send_at(to_unix_seconds(latest) + 1, now=NOW)
    with pytest.raises(ScheduleError, match='in the future'):
        resolve_send_at(to_unix_seconds(NOW), now=NOW)
    assert resolve_send_at(to_unix_seconds(NOW) + 1, now=NOW)[0] == to_unix_seconds(NOW) + 1


@pytest.mark.parametrize('value', ['1767258000', '2026-01-01T09:00:00Z'])
def test_resolve_send_at_rejects_past(value):
    with pytest.raises(ScheduleError, match=r'send_at 2026-01-01T09:00:00Z must be in the future'):
        resolve_send_at(value, now=NOW)


def test_resolve_send_at_rejects_garbage():
    with pytest.raises(ScheduleError, match='is not a valid time'):
        resolve_send_at('next tuesday', now=NOW)


def test_the_examples_of_the_error_message_are_one_valid_moment():
    """The forms the message offers work when copied: in the future, within the window, and all the same moment."""
    import re
    with pytest.raises(ScheduleError) as error:
        parse_send_at('soon')
    message = str(error.value)
    examples = re.search(r'such as (\S+), (\S+) or (\S+ \S+) \(no offset means UTC\), or Unix seconds such as (\d+)$', message)
    assert examples, message
    moments = set(validate_send_at(parse_send_at(example)) for example in examples.groups())
    assert len(moments) == 1
