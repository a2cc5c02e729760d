# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

from __future__ import annotations

import re

# Phone numbers are normalised to E.164: + followed by 7 to 15 digits.
MIN_DIGITS = 7
MAX_DIGITS = 15

# Non-breaking spaces are included because numbers copied from web pages or signatures often contain them.
_SEPARATORS = frozenset(' \t\u00a0\u202f-./()')
_ASCII_DIGITS = frozenset('0123456789')
_COUNTRY_CODE_PATTERN = re.compile(r'[1-9][0-9]{0,2}')
# "+49 (0) 157 ...": the national trunk prefix in parentheses, dialled only from within the country.
_TRUNK_ZERO = re.compile(r'\(\s*0\s*\)')
# Countries whose national numbers begin with 0 after the country code (Italy, San Marino, Vatican City,
# Côte d'Ivoire, Gabon, Republic of the Congo): there "+39 06 ..." is a real number, not a trunk prefix, and so is
# the 0 of "+39 (0)6 ..." and of a national "06 ...".
LEADING_ZERO_COUNTRY_CODES = frozenset(['39', '378', '379', '225', '241', '242'])
# Country codes are a prefix code: these are the ones of one and two digits, every other one has three.
_SHORT_COUNTRY_CODES = frozenset(['1', '7'] + '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 '
                                 '60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split())


class PhoneNumberError(ValueError):
    """A phone number or country code that cannot be normalised."""


def normalize_country_code(value):
    """Return the country code as digits only, e.g. ``'49'`` for ``49``, ``'49'`` or ``'+49'``."""
    # bool is a subclass of int; 'yes' in YAML must not silently become country code 1.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PhoneNumberError('default_country_code %r is invalid: expected 1 to 3 digits such as 49' % (value,))
    digits = str(value).strip()
    if digits.startswith('+'):
        digits = digits[1:]
    if not _COUNTRY_CODE_PATTERN.fullmatch(digits):
        raise PhoneNumberError(
            'default_country_code %r is invalid: expected 1 to 3 digits not starting with 0, such as 49 or +49' % (value,))
    return digits


def normalize_number(value, default_country_code=None):
    """Return ``value`` in E.164 form (``+4915799912345``) or raise PhoneNumberError.

    National numbers (one leading trunk ``0``) need ``default_country_code``.
    """
    country_code = None if default_country_code is None else normalize_country_code(default_country_code)
    original = _as_text(value)

    def invalid(reason):
        message = '%r is not a valid phone number: %s' % (original, reason)
        if isinstance(value, int):
            # An INI inventory reads a host line's values as Python literals: "+49..." in one pair of quotes is a number.
            message += (' (an unquoted number in YAML, or one on a host line of an INI inventory, becomes an integer, which loses '
                        'a leading + or 0; quote the number, on an INI host line twice: \'"+4915799912345"\')')
        return PhoneNumberError(message)

    text = original.strip()
    if not text:
        raise invalid('it is empty')
    _check_characters(text, invalid)

    digits = ''.join(char for char in text if char in _ASCII_DIGITS)
    if text.startswith('+') or digits.startswith('00'):
        text = _without_trunk_zero(text, invalid)
        digits = ''.join(char for char in text if char in _ASCII_DIGITS)
        international = digits if text.startswith('+') else digits[2:]
    elif digits.startswith('0'):
        if country_code is None:
            raise invalid('it is a national number; write it in international form (+49...) or set default_country_code')
        international = country_code + (digits if country_code in LEADING_ZERO_COUNTRY_CODES else digits[1:])
    elif digits:
        guesses = _guesses(digits, country_code)
        if guesses:
            raise invalid('the country is ambiguous without a + or 00 prefix; did you mean %s?' % ' or '.join(map(repr, guesses)))
        raise invalid('the country is ambiguous without a + or 00 prefix; write it with + and the country code, such as +49 157 9991 2345')
    else:
        raise invalid('it contains no digits')

    if not international:
        raise invalid('it contains no digits after the international prefix')
    if international.startswith('0'):
        raise invalid('country codes never start with 0')
    code = country_code_of(international)
    if international[len(code):].startswith('0') and code not in LEADING_ZERO_COUNTRY_CODES:
        raise invalid('after the country code +%s comes a 0, the national trunk prefix, which is not dialled from abroad; '
                      'leave it out' % code)
    if not MIN_DIGITS <= len(international) <= MAX_DIGITS:
        raise invalid('it has %d digits, but an international number has %d to %d' % (len(international), MIN_DIGITS, MAX_DIGITS))
    return '+' + international


def country_code_of(international):
    """The country code at the start of ``international`` (the digits after +)."""
    for length in (1, 2):
        if international[:length] in _SHORT_COUNTRY_CODES:
            return international[:length]
    return international[:3]


def _without_trunk_zero(text, invalid):
    """An international number without the brackets of "(0)"; the 0 stays only where it belongs to the number."""
    match = _TRUNK_ZERO.search(text)
    if match:
        before = text[:match.start()]
        prefix = re.fullmatch(r'\s*(?:\+|00)[\s\-./]*([1-9][0-9]{0,2})[\s\-./]*', before)
        if not prefix:
            raise invalid('(0) may only follow the country code, as in +49 (0) 157 ...')
        kept = '0' if prefix.group(1) in LEADING_ZERO_COUNTRY_CODES else ''
        text = before + ' ' + kept + text[match.end():]
        if _TRUNK_ZERO.search(text):
            raise invalid('it contains (0) more than once')
    return text


def _guesses(digits, country_code):
    """What a number without + or 00 may have meant, for the hint: only numbers that are valid themselves."""
    guesses = ['+' + digits]
    if country_code is not None and not digits.startswith(country_code):
        guesses.insert(0, '+' + country_code + digits)
    valid = []
    for guess in guesses:
        try:
            normalize_number(guess)
        except PhoneNumberError:
            continue
        valid.append(guess)
    return valid


def normalize_recipients(values, default_country_code=None):
    """Normalise a list of numbers.

    Returns ``(recipients, errors)``: ``recipients`` is a list of ``{'input': ..., 'recipient': '+49...'}`` in input
    order without duplicates (the first spelling wins); ``errors`` holds one message per invalid entry.
    An invalid ``default_country_code`` raises PhoneNumberError, since it would make every national entry fail.
    """
    if default_country_code is not None:
        normalize_country_code(default_country_code)
    if values is None:
        values = []
    elif isinstance(values, (str, int)):
        values = [values]

    recipients = []
    errors = []
    seen = set()
    for position, value in enumerate(values, start=1):
        try:
            recipient = normalize_number(value, default_country_code)
        except PhoneNumberError as error:
            errors.append('recipient %d: %s' % (position, error))
            continue
        if recipient not in seen:
            seen.add(recipient)
            recipients.append({'input': _as_text(value), 'recipient': recipient})
    return recipients, errors


def _as_text(value):
    # bool is a subclass of int, but True is never meant as a phone number.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PhoneNumberError('%r is not a valid phone number: expected a string' % (value,))
    return str(value)


def _check_characters(text, invalid):
    depth = 0
    for index, char in enumerate(text):
        if char == '+':
            if text.count('+') > 1:
                raise invalid('it contains more than one +')
            if index != 0:
                raise invalid('+ is only allowed at the start')
        elif char == '(':
            depth += 1
        elif char == ')':
            depth -= 1
            if depth < 0:
                raise invalid('it has a ) without a matching (')
        elif char.isalpha():
            raise invalid('it contains letters')
        elif char not in _ASCII_DIGITS and char not in _SEPARATORS:
            raise invalid('it contains the character %r; only digits, a leading +, spaces, - . / and parentheses are allowed' % (char,))
    if depth:
        raise invalid('it has a ( without a matching )')
