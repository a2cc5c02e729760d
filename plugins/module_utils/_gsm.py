# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

from __future__ import annotations

# GSM 03.38 default alphabet in table order. The escape character 0x1B is left out: it only introduces
# extension characters and is not text a user can send.
GSM7_BASIC = frozenset(
    '@£$¥èéùìòÇ\nØø\rÅå'
    'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ'
    ' !"#¤%&\'()*+,-./'
    '0123456789:;<=>?'
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§'
    '¿abcdefghijklmnopqrstuvwxyzäöñüà'
)
# Extension table characters are sent as escape + character and so cost two septets.
GSM7_EXTENSION = frozenset('\f^{}\\[~]|€')

GSM7_SINGLE_LIMIT = 160
GSM7_PART_LIMIT = 153
UCS2_SINGLE_LIMIT = 70
UCS2_PART_LIMIT = 67

GSM7_ELLIPSIS = '...'


def is_gsm7(text):
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def message_info(text):
    """Describe how ``text`` is sent as SMS.

    Returns ``{'length', 'encoding', 'segments', 'units'}``: characters, ``'gsm7'`` or ``'ucs2'``,
    SMS parts, and the GSM septets or UTF-16 code units those parts carry.
    """
    text = text or ''
    if is_gsm7(text):
        encoding = 'gsm7'
        costs = [2 if char in GSM7_EXTENSION else 1 for char in text]
        segments = _count_segments(costs, GSM7_SINGLE_LIMIT, GSM7_PART_LIMIT)
    else:
        encoding = 'ucs2'
        # Characters outside the Basic Multilingual Plane (most emoji) need a UTF-16 surrogate pair.
        costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
        segments = _count_segments(costs, UCS2_SINGLE_LIMIT, UCS2_PART_LIMIT)
    return {'length': len(text), 'encoding': encoding, 'segments': segments, 'units': sum(costs)}


def truncate_to_segments(text, max_segments, ellipsis='…'):
    """Return ``text``, or its longest prefix plus ``ellipsis`` that fits into ``max_segments`` SMS.

    For GSM-7 text a non-GSM ellipsis is replaced by ``'...'``, because it would switch the whole
    message to UCS-2 and cut its capacity by more than half.
    """
    if isinstance(max_segments, bool) or not isinstance(max_segments, int) or max_segments < 1:
        raise ValueError('max_segments must be a positive integer, got %r' % (max_segments,))
    text = text or ''
    if message_info(text)['segments'] <= max_segments:
        return text
    if is_gsm7(text) and not is_gsm7(ellipsis):
        ellipsis = GSM7_ELLIPSIS

    def fits(length):
        return message_info(text[:length] + ellipsis)['segments'] <= max_segments

    if not fits(0):
        raise ValueError('the ellipsis %r alone does not fit into %d segment(s)' % (ellipsis, max_segments))
    # Prefixes before the first non-GSM character may be cheaper GSM-7 than longer UCS-2 prefixes, so the
    # fit is only monotonic within each of the two ranges; search the longer range first.
    first_non_gsm = next((index for index, char in enumerate(text) if not is_gsm7(char)), len(text))
    length = _longest_fitting(fits, first_non_gsm + 1, len(text))
    if length is None:
        length = _longest_fitting(fits, 0, first_non_gsm)
    return text[:length].rstrip() + ellipsis


def _count_segments(costs, single_limit, part_limit):
    total = sum(costs)
    if total == 0:
        return 0
    if total <= single_limit:
        return 1
    # Fill parts greedily; a character never straddles two parts, so one that does not fit
    # (an escape pair or a surrogate pair) starts the next part.
    parts = 1
    used = 0
    for cost in costs:
        if used + cost > part_limit:
            parts += 1
            used = 0
        used += cost
    return parts


def _longest_fitting(fits, low, high):
    """Largest length in ``[low, high]`` for which ``fits`` holds, assuming it is monotonic there; else None."""
    if low > high or not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low
