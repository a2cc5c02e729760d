# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

from __future__ import annotations

import datetime
import math
import re

# sipgate accepts a sendAt of up to one month ahead; 30 days is the safe reading of that.
MAX_SCHEDULE_AHEAD = datetime.timedelta(days=30)


def accepted_forms(now=None):
    """The forms send_at takes, each example the same valid moment: 08:30 UTC tomorrow."""
    when = (_now_utc(now) + datetime.timedelta(days=1)).replace(hour=8, minute=30, second=0, microsecond=0)
    central_european = when.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    return ('an ISO 8601 date and time such as %s, %s or %s (no offset means UTC), or Unix seconds such as %d'
            % (central_european.isoformat(), to_iso_utc(when), when.strftime('%Y-%m-%d %H:%M'), to_unix_seconds(when)))


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
# datetime.fromisoformat() before Python 3.11 rejects 'Z', '+0100' and fractions that are not 3 or 6 digits long.
_ISO_PATTERN = re.compile(
    r'(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt ]'
    r'(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?'
    r' ?(?P<offset>[Zz]|(?P<sign>[+-])(?P<offset_hours>\d{2})(?::?(?P<offset_minutes>\d{2}))?)?',
    re.ASCII,
)
_UNIX_SECONDS_PATTERN = re.compile(r'[+-]?\d+(?:\.\d*)?', re.ASCII)


class ScheduleError(ValueError):
    """A send time that cannot be parsed or is outside the allowed window."""


def parse_send_at(value):
    """Return ``value`` as a timezone-aware UTC datetime or raise ScheduleError."""
    if isinstance(value, datetime.datetime):
        return _as_utc(value)
    # bool is a subclass of int, but 'yes' in YAML is not a point in time.
    if isinstance(value, bool):
        raise _unparseable(value, 'a boolean is not a time')
    if isinstance(value, (int, float)):
        return _from_unix_seconds(value, value)
    if not isinstance(value, str):
        raise _unparseable(value, 'unsupported type %s' % type(value).__name__)

    text = value.strip()
    if not text:
        raise _unparseable(value, 'it is empty')
    if _UNIX_SECONDS_PATTERN.fullmatch(text):
        seconds = float(text) if '.' in text else int(text)
        return _from_unix_seconds(seconds, value)
    match = _ISO_PATTERN.fullmatch(text)
    if not match:
        raise _unparseable(value, 'the format is not recognised')
    return _from_iso_match(match, value)


def validate_send_at(when, now=None):
    """Raise ScheduleError unless ``now < when <= now + MAX_SCHEDULE_AHEAD``; return ``when`` in UTC."""
    when = _as_utc(when)
    now = _now_utc(now)
    if when <= now:
        raise ScheduleError('send_at %s must be in the future (now is %s)' % (to_iso_utc(when), to_iso_utc(now)))
    latest = now + MAX_SCHEDULE_AHEAD
    if when > latest:
        raise ScheduleError('send_at %s must be at most %d days ahead, i.e. not after %s'
                            % (to_iso_utc(when), MAX_SCHEDULE_AHEAD.days, to_iso_utc(latest)))
    return when


def to_unix_seconds(when):
    # Timedelta floor division is exact, unlike datetime.timestamp() which goes through float.
    return (_as_utc(when) - _EPOCH) // datetime.timedelta(seconds=1)


def to_iso_utc(when):
    return _as_utc(when).strftime('%Y-%m-%dT%H:%M:%SZ')


def resolve_send_at(value, now=None):
    """Parse and validate ``value``; return ``(unix_seconds, iso_utc)``."""
    when = validate_send_at(parse_send_at(value), now)
    return to_unix_seconds(when), to_iso_utc(when)


def _as_utc(when):
    # Naive times are documented to mean UTC, not the local time of the Ansible host.
    if when.tzinfo is None or when.tzinfo.utcoffset(when) is None:
        return when.replace(tzinfo=datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc)


def _now_utc(now):
    if now is None:
        return datetime.datetime.now(datetime.timezone.utc)
    return _as_utc(now)


def _unparseable(value, reason):
    return ScheduleError('send_at %r is not a valid time (%s); use %s' % (value, reason, accepted_forms()))


def _from_unix_seconds(seconds, value):
    if isinstance(seconds, float) and not math.isfinite(seconds):
        raise _unparseable(value, 'not a finite number')
    try:
        return _EPOCH + datetime.timedelta(seconds=seconds)
    except (OverflowError, ValueError):
        # The likeliest cause of an out-of-range number is a JavaScript-style timestamp in milliseconds.
        raise _unparseable(value, 'out of range; Unix timestamps are in seconds, not milliseconds') from None


def _from_iso_match(match, value):
    fraction = match.group('fraction') or ''
    try:
        tzinfo = _parse_offset(match)
        parsed = datetime.datetime(
            int(match.group('year')), int(match.group('month')), int(match.group('day')),
            int(match.group('hour')), int(match.group('minute')), int(match.group('second') or 0),
            # Digits beyond microseconds are truncated; sipgate only takes whole seconds anyway.
            int(fraction[:6].ljust(6, '0')),
            tzinfo=tzinfo,
        )
        return parsed.astimezone(datetime.timezone.utc)
    except (OverflowError, ValueError) as error:
        raise _unparseable(value, str(error)) from None


def _parse_offset(match):
    if match.group('sign') is None:
        return datetime.timezone.utc
    hours = int(match.group('offset_hours'))
    minutes = int(match.group('offset_minutes') or 0)
    if minutes > 59:
        raise ValueError('UTC offset minutes must be 0..59')
    offset = datetime.timedelta(hours=hours, minutes=minutes)
    # timezone() itself rejects offsets of 24 hours or more.
    return datetime.timezone(-offset if match.group('sign') == '-' else offset)
