# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Durations as users write them: whole seconds (``3600``) or one number with a unit (``30s``, ``15m``, ``2h``, ``1d``).

Plain functions without Ansible: the module checks its option with them, the callback its setting.
"""

from __future__ import annotations

import re

SECONDS_PER_UNIT = (('d', 86400), ('h', 3600), ('m', 60), ('s', 1))
FORMS = 'whole seconds such as 3600, or a number with one unit: 30s, 15m, 2h or 1d'
_DURATION = re.compile(r'([0-9]+)[ \t]*([smhd]?)', re.ASCII)


class DurationError(ValueError):
    """A duration that cannot be parsed, or is not from 1 second to its maximum."""


def parse_duration(value, name, maximum):
    """``value`` in whole seconds, from 1 to ``maximum``; raises DurationError naming the option ``name``.

    Takes an int, or a text of digits with an optional unit ``s``, ``m``, ``h`` or ``d`` (lower case, as ``15M``
    could as well mean months).
    """
    # bool is a subclass of int, but "yes" in YAML is not a duration.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DurationError('%s must be a duration, %s; not %s %r' % (name, FORMS, type(value).__name__, value))
    if isinstance(value, int):
        seconds = value
    else:
        match = _DURATION.fullmatch(value.strip())
        if not match:
            raise DurationError('%s %r is not a duration; use %s' % (name, value, FORMS))
        number, unit = match.groups()
        seconds = int(number) * dict(SECONDS_PER_UNIT)[unit or 's']
    if seconds <= 0:
        raise DurationError('%s must be at least 1 second, not %r' % (name, value))
    if seconds > maximum:
        raise DurationError('%s %r is longer than the most it may be, %s (%d seconds)' % (name, value, describe(maximum), maximum))
    return seconds


def describe(seconds):
    """Whole seconds in the largest unit that divides them: 3600 as ``1h``, 5400 as ``90m``, 45 as ``45s``."""
    for unit, size in SECONDS_PER_UNIT:
        if seconds >= size and seconds % size == 0:
            return '%d%s' % (seconds // size, unit)
    return '%gs' % seconds
