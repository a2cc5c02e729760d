# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Durations: whole seconds or one number with a unit, from 1 second to 30 days."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._duration import DurationError, describe
from ansible_collections.sipgate.io.plugins.module_utils._duration import parse_duration as parse_any_duration
from ansible_collections.sipgate.io.plugins.module_utils._options import MAX_ONCE_WITHIN as MAX_DURATION


def parse_duration(value, name='once_within', maximum=MAX_DURATION):
    return parse_any_duration(value, name, maximum)


@pytest.mark.parametrize('value, seconds', [
    (1, 1),
    (3600, 3600),
    ('3600', 3600),
    ('30s', 30),
    ('15m', 900),
    ('2h', 7200),
    ('1d', 86400),
    (' 2h ', 7200),
    ('2 h', 7200),
    ('0015m', 900),
    ('30d', MAX_DURATION),
    ('720h', MAX_DURATION),
    (MAX_DURATION, MAX_DURATION),
])
def test_durations_in_seconds_or_with_a_unit(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize('value', ['31d', '721h', MAX_DURATION + 1, '%d' % (MAX_DURATION + 1), '43201m'])
def test_more_than_30_days_is_refused_naming_the_most(value):
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert str(caught.value) == 'once_within %r is longer than the most it may be, 30d (2592000 seconds)' % (value,)


@pytest.mark.parametrize('value', [0, '0', '0s', '0d', -5])
def test_a_duration_is_at_least_one_second(value):
    with pytest.raises(DurationError, match=r'^once_within must be at least 1 second, not '):
        parse_duration(value)


@pytest.mark.parametrize('value', ['', '   ', 'h', '1.5h', '2H', '15M', '1w', '1h30m', '-5', '+5', 'soon', '2 hours', '１h'])
def test_text_that_is_not_a_duration_is_refused_with_the_forms(value):
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert str(caught.value) == ('once_within %r is not a duration; use whole seconds such as 3600, or a number with one '
                                 'unit: 30s, 15m, 2h or 1d' % (value,))


@pytest.mark.parametrize('value', [True, False, 1.5, None, ['1h'], {'h': 1}])
def test_other_types_are_refused_naming_the_type(value):
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert str(caught.value).startswith('once_within must be a duration, whole seconds such as 3600')
    assert type(value).__name__ in str(caught.value)


def test_the_error_names_the_option_it_is_for():
    with pytest.raises(DurationError, match=r'^SIPGATE_ONCE_WITHIN '):
        parse_duration('later', name='SIPGATE_ONCE_WITHIN')


def test_a_lower_maximum():
    assert parse_duration('1h', maximum=3600) == 3600
    with pytest.raises(DurationError, match=r'longer than the most it may be, 1h \(3600 seconds\)'):
        parse_duration('61m', maximum=3600)


@pytest.mark.parametrize('seconds, text', [(45, '45s'), (60, '1m'), (90, '90s'), (5400, '90m'), (3600, '1h'),
                                           (86400, '1d'), (90000, '25h'), (MAX_DURATION, '30d'), (0, '0s')])
def test_describe_takes_the_largest_unit_that_divides(seconds, text):
    assert describe(seconds) == text
    if seconds:
        assert parse_duration(text) == seconds
