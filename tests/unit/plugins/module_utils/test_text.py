# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank, one_line, redact, sentence, sentences


@pytest.mark.parametrize('text', [None, '', ' ', '\t\n\r ', '\u00a0\u2003\u3000', '\u00a0\u200b', '\u200b', '\u200c\u200d\u2060',
                                  '\ufeff', ' \u00ad ', '\x00'])
def test_is_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize('text', ['a', ' a ', '.', '\u200ba', 0, '\U0001F600', '\u0301'])
def test_is_not_blank(text):
    assert not is_blank(text)


@pytest.mark.parametrize('text, limit, expected', [
    (None, None, ''),
    ('  two\n\n  lines\t', None, 'two lines'),
    ('x' * 10, 10, 'x' * 10),
    ('x' * 11, 10, 'xxxxxxx...'),
    ('words and words', 12, 'words and...'),
    (ValueError('an error'), None, 'an error'),
])
def test_one_line(text, limit, expected):
    assert one_line(text, limit=limit) == expected


@pytest.mark.parametrize('text, expected', [
    ('Done', 'Done.'),
    ('Done.', 'Done.'),
    (' Done ', 'Done.'),
    ("did you mean '+4915799912345'?", "did you mean '+4915799912345'?"),
    ('Stop!', 'Stop!'),
])
def test_sentence(text, expected):
    assert sentence(text) == expected


def test_sentences_join_messages_as_full_sentences():
    assert sentences(['a is wrong', 'b is wrong.', 'c?']) == 'a is wrong. b is wrong. c?'


def test_redact_masks_every_secret():
    text = 'token=0b6c3b8e-5a1f, access=abcd, again 0b6c3b8e-5a1f'
    assert redact(text, ['0b6c3b8e-5a1f', 'abcd']) == 'token=********, access=********, again ********'


@pytest.mark.parametrize('secret', [None, '', 'abc', 1234])
def test_redact_leaves_text_alone_for_no_or_tiny_secrets(secret):
    # Masking every "abc" would garble a message without protecting a real credential.
    assert redact('abc 1234', [secret]) == 'abc 1234'
