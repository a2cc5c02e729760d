# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Text rules every message of the collection follows: blank, one line, a full sentence, no secret."""

from __future__ import annotations

import unicodedata

REDACTED = '********'
# Shorter values are not masked: replacing every "ab" would garble a message without protecting anything.
MIN_SECRET_LENGTH = 4


def is_blank(text):
    """True for None and for text with nothing visible: only whitespace and invisible format characters.

    Zero-width spaces, joiners and byte order marks (Unicode category Cf) show nothing on a phone either.
    """
    if text is None:
        return True
    return all(char.isspace() or unicodedata.category(char) in ('Cf', 'Cc', 'Zs') for char in str(text))


# The control characters a text may hold: line breaks and tabs; form feed is in the GSM alphabet too.
ALLOWED_CONTROL_CHARACTERS = frozenset('\t\n\r\f')


def control_characters(text):
    """The control characters in ``text`` that a phone does not show, such as NUL, BEL and ESC, in order, once each."""
    found = []
    for char in text or '':
        if unicodedata.category(char) == 'Cc' and char not in ALLOWED_CONTROL_CHARACTERS and char not in found:
            found.append(char)
    return found


def without_control_characters(text):
    """``text`` without the characters control_characters() finds."""
    return ''.join(char for char in text if char not in control_characters(char))


def one_line(text, limit=None):
    """``text`` on one line, runs of whitespace collapsed, cut to ``limit`` characters ending in ``...``."""
    if text is None:
        return ''
    text = ' '.join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[:limit - 3].rstrip() + '...'
    return text


def sentence(text):
    """``text`` ending in a full stop (or the question or exclamation mark it already ends with)."""
    text = text.strip()
    return text if text.endswith(('.', '?', '!')) else text + '.'


def sentences(parts):
    """Several messages as one text of full sentences."""
    return ' '.join(sentence(part) for part in parts)


def redact(text, secrets):
    """``text`` with every secret in ``secrets`` replaced by asterisks."""
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= MIN_SECRET_LENGTH:
            text = text.replace(secret, REDACTED)
    return text
