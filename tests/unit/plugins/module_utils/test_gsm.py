# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import random

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._gsm import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    is_gsm7,
    message_info,
    truncate_to_segments,
)

EMOJI = '\U0001F600'  # outside the BMP: one character, two UTF-16 code units
UCS2_CHAR = '\u0416'  # Cyrillic Zhe: in the BMP, not in GSM-7


def info(length, encoding, segments, units):
    return {'length': length, 'encoding': encoding, 'segments': segments, 'units': units}


def test_alphabet_sizes():
    # 128 table positions minus the escape character.
    assert len(GSM7_BASIC) == 127
    assert len(GSM7_EXTENSION) == 10
    assert not GSM7_BASIC & GSM7_EXTENSION
    assert '\x1b' not in GSM7_BASIC | GSM7_EXTENSION


@pytest.mark.parametrize('char', list('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà'))
def test_basic_characters_cost_one_septet(char):
    assert message_info(char) == info(1, 'gsm7', 1, 1)


@pytest.mark.parametrize('char', list('\f^{}\\[~]|€'))
def test_extension_characters_cost_two_septets(char):
    assert message_info(char) == info(1, 'gsm7', 1, 2)


@pytest.mark.parametrize('char', ['\x1b', '`', 'ç', 'á', 'A\u0308', '\u2026', '\u00a0', '\t', UCS2_CHAR, '\u20ac\u0301'])
def test_non_gsm_characters_switch_to_ucs2(char):
    assert message_info(char)['encoding'] == 'ucs2'


@pytest.mark.parametrize('text, expected', [
    (None, info(0, 'gsm7', 0, 0)),
    ('', info(0, 'gsm7', 0, 0)),
    ('a', info(1, 'gsm7', 1, 1)),
    ('a' * 160, info(160, 'gsm7', 1, 160)),
    ('a' * 161, info(161, 'gsm7', 2, 161)),
    ('a' * 306, info(306, 'gsm7', 2, 306)),
    ('a' * 307, info(307, 'gsm7', 3, 307)),
    ('a' * 459, info(459, 'gsm7', 3, 459)),
    ('a' * 460, info(460, 'gsm7', 4, 460)),
    ('€' * 80, info(80, 'gsm7', 1, 160)),
    ('€' * 81, info(81, 'gsm7', 2, 162)),
    ('a' * 158 + '€', info(159, 'gsm7', 1, 160)),
    ('a' * 159 + '€', info(160, 'gsm7', 2, 161)),
    # 152 septets, then an escape pair that does not fit into part one.
    ('a' * 152 + '€' + 'a' * 151, info(304, 'gsm7', 2, 305)),
    ('a' * 152 + '€' + 'a' * 152, info(305, 'gsm7', 3, 306)),
    # The same length without a straddling pair still fits into two parts.
    ('a' * 151 + '€' + 'a' * 153, info(305, 'gsm7', 2, 306)),
    # 76 pairs fill 152 of 153 septets, so 306 septets of pairs need three parts.
    ('€' * 152, info(152, 'gsm7', 2, 304)),
    ('€' * 153, info(153, 'gsm7', 3, 306)),
    ('Grüße aus Köln: 5 € {ok}', info(24, 'gsm7', 1, 27)),
])
def test_gsm7(text, expected):
    assert message_info(text) == expected


@pytest.mark.parametrize('text, expected', [
    (UCS2_CHAR * 70, info(70, 'ucs2', 1, 70)),
    (UCS2_CHAR * 71, info(71, 'ucs2', 2, 71)),
    (UCS2_CHAR * 134, info(134, 'ucs2', 2, 134)),
    (UCS2_CHAR * 135, info(135, 'ucs2', 3, 135)),
    ('a' * 69 + UCS2_CHAR, info(70, 'ucs2', 1, 70)),
    ('a' * 70 + UCS2_CHAR, info(71, 'ucs2', 2, 71)),
    ('€' * 69 + '`', info(70, 'ucs2', 1, 70)),
])
def test_ucs2(text, expected):
    assert message_info(text) == expected


@pytest.mark.parametrize('text, expected', [
    (EMOJI, info(1, 'ucs2', 1, 2)),
    (EMOJI * 35, info(35, 'ucs2', 1, 70)),
    (EMOJI * 36, info(36, 'ucs2', 2, 72)),
    ('a' * 69 + EMOJI, info(70, 'ucs2', 2, 71)),
    ('a' * 68 + EMOJI, info(69, 'ucs2', 1, 70)),
    # 66 units, then a surrogate pair that must not be split over parts one and two.
    ('a' * 66 + EMOJI + 'a' * 65, info(132, 'ucs2', 2, 133)),
    ('a' * 66 + EMOJI + 'a' * 66, info(133, 'ucs2', 3, 134)),
    ('a' * 65 + EMOJI + 'a' * 67, info(133, 'ucs2', 2, 134)),
    ('Alarm ' + EMOJI + ' server down', info(19, 'ucs2', 1, 20)),
])
def test_emoji(text, expected):
    assert message_info(text) == expected


@pytest.mark.parametrize('text, expected', [
    ('Hello', True),
    ('€[]{}', True),
    ('', True),
    ('Hello ' + EMOJI, False),
    ('naïve', False),
])
def test_is_gsm7(text, expected):
    assert is_gsm7(text) is expected


@pytest.mark.parametrize('text, max_segments', [
    ('', 1),
    ('short', 1),
    ('a' * 160, 1),
    ('a' * 306, 2),
    (UCS2_CHAR * 70, 1),
    (EMOJI * 35, 1),
])
def test_truncate_keeps_text_that_fits(text, max_segments):
    assert truncate_to_segments(text, max_segments) == text


def test_truncate_gsm7_uses_ascii_ellipsis():
    result = truncate_to_segments('a' * 161, 1)
    assert result == 'a' * 157 + '...'
    assert message_info(result) == info(160, 'gsm7', 1, 160)


def test_truncate_gsm7_multiple_segments():
    result = truncate_to_segments('a' * 1000, 3)
    assert result == 'a' * 456 + '...'
    assert message_info(result)['segments'] == 3


def test_truncate_gsm7_counts_extension_characters():
    result = truncate_to_segments('€' * 100, 1)
    assert result == '€' * 78 + '...'
    assert message_info(result)['units'] == 159


def test_truncate_ucs2_uses_unicode_ellipsis():
    result = truncate_to_segments(UCS2_CHAR * 100, 1)
    assert result == UCS2_CHAR * 69 + '…'
    assert message_info(result) == info(70, 'ucs2', 1, 70)


def test_truncate_never_splits_emoji():
    result = truncate_to_segments(EMOJI * 50, 1)
    assert result == EMOJI * 34 + '…'
    assert message_info(result) == info(35, 'ucs2', 1, 69)


def test_truncate_strips_whitespace_before_ellipsis():
    assert truncate_to_segments('a' * 156 + ' ' + 'b' * 50, 1) == 'a' * 156 + '...'


def test_truncate_custom_gsm7_ellipsis_is_kept():
    # [ and ] are extension characters, so ' [cut]' costs 8 septets.
    assert truncate_to_segments('a' * 200, 1, ellipsis=' [cut]') == 'a' * 152 + ' [cut]'


def test_truncate_without_ellipsis():
    assert truncate_to_segments('a' * 200, 1, ellipsis='') == 'a' * 160


def test_truncate_ucs2_text_may_fall_back_to_gsm7_prefix():
    # With a GSM-7 ellipsis, a GSM-7 prefix (160 septets) beats any prefix holding the Cyrillic character (70 units).
    text = 'a' * 150 + UCS2_CHAR + 'a' * 100
    result = truncate_to_segments(text, 1, ellipsis='...')
    assert result == 'a' * 150 + '...'
    assert message_info(result)['encoding'] == 'gsm7'


def test_truncate_ucs2_text_keeps_ucs2_prefix_when_longer():
    text = 'a' * 10 + UCS2_CHAR + 'a' * 200
    result = truncate_to_segments(text, 2, ellipsis='...')
    assert result == 'a' * 10 + UCS2_CHAR + 'a' * 120 + '...'
    assert message_info(result) == info(134, 'ucs2', 2, 134)


@pytest.mark.parametrize('max_segments', [0, -1, 1.5, '1', True, None])
def test_truncate_rejects_bad_max_segments(max_segments):
    with pytest.raises(ValueError, match='max_segments'):
        truncate_to_segments('text', max_segments)


def test_truncate_rejects_ellipsis_longer_than_limit():
    with pytest.raises(ValueError, match='ellipsis'):
        truncate_to_segments('a' * 200, 1, ellipsis='.' * 161)


def _brute_force_truncate(text, max_segments, ellipsis):
    for length in range(len(text), -1, -1):
        if message_info(text[:length] + ellipsis)['segments'] <= max_segments:
            return text[:length].rstrip() + ellipsis
    raise AssertionError('nothing fits')


@pytest.mark.parametrize('seed', range(40))
def test_truncate_matches_brute_force(seed):
    generator = random.Random(seed)
    alphabet = generator.choice(['ab ', 'ab€', 'a' + UCS2_CHAR, 'ab' + EMOJI, 'a €' + UCS2_CHAR + EMOJI])
    text = ''.join(generator.choice(alphabet) for dummy in range(generator.randint(150, 400)))
    max_segments = generator.randint(1, 3)
    ellipsis = generator.choice(['…', '...', ''])
    if message_info(text)['segments'] <= max_segments:
        expected = text
    elif is_gsm7(text):
        expected = _brute_force_truncate(text, max_segments, '...' if ellipsis == '…' else ellipsis)
    else:
        expected = _brute_force_truncate(text, max_segments, ellipsis)
    assert truncate_to_segments(text, max_segments, ellipsis) == expected
