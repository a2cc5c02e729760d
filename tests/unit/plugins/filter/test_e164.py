# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.sipgate.io.plugins.filter.e164 import FilterModule, e164
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_number, normalize_recipients


def test_the_filter_is_registered_as_e164():
    assert FilterModule().filters() == {'e164': e164}


@pytest.mark.parametrize('value, country_code, expected', [
    ('+4915799912345', None, '+4915799912345'),
    ('+49 (0) 157 9991-2345', None, '+4915799912345'),
    ('0049 157 9991 2345', None, '+4915799912345'),
    ('0157 9991 2345', 49, '+4915799912345'),
    ('0157 9991 2345', '+49', '+4915799912345'),
    ('06 6982 1234', '39', '+390669821234'),
])
def test_one_number_is_normalised_like_to(value, country_code, expected):
    assert e164(value, default_country_code=country_code) == expected
    assert e164(value, country_code) == normalize_number(value, country_code)


def test_a_list_is_normalised_in_order_without_repeats_like_to():
    values = ['0157 9991 2346', '+4915799912345', '+49 157 9991 2346']
    assert e164(values, default_country_code='49') == ['+4915799912346', '+4915799912345']
    assert e164(tuple(values), '49') == [entry['recipient'] for entry in normalize_recipients(values, '49')[0]]
    assert e164([]) == []


@pytest.mark.parametrize('blank', [None, '', '  '])
def test_a_blank_country_code_means_unset(blank):
    assert e164('+4915799912345', blank) == '+4915799912345'
    with pytest.raises(AnsibleFilterError) as error:
        e164('0157 9991 2345', blank)
    assert 'it is a national number; write it in international form (+49...) or set default_country_code' in str(error.value)


def _module_message(value, country_code=None):
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(value, country_code)
    return str(error.value)


@pytest.mark.parametrize('value', ['+49 157 abc', '12345', '+490157 9991 2345', ''])
def test_an_invalid_number_fails_with_the_message_of_the_modules(value):
    with pytest.raises(AnsibleFilterError) as error:
        e164(value)
    assert str(error.value) == 'sipgate.io.e164: ' + _module_message(value)


def test_an_integer_from_an_unquoted_number_gets_the_hint_to_quote_it():
    with pytest.raises(AnsibleFilterError) as error:
        e164(4915799912345)
    message = str(error.value)
    assert message == 'sipgate.io.e164: ' + _module_message(4915799912345)
    assert "did you mean '+4915799912345'?" in message
    assert 'quote the number' in message


def test_every_invalid_entry_of_a_list_is_named_with_its_position():
    with pytest.raises(AnsibleFilterError) as error:
        e164(['+4915799912345', 'call me', '0157 9991 2345'])
    errors = normalize_recipients(['+4915799912345', 'call me', '0157 9991 2345'])[1]
    assert str(error.value) == 'sipgate.io.e164: ' + '; '.join(errors)
    assert str(error.value).startswith("sipgate.io.e164: recipient 2: 'call me' is not a valid phone number: it contains letters; recipient 3: ")


@pytest.mark.parametrize('country_code', ['0', '4912', 'de', True])
def test_an_invalid_country_code_fails_with_the_message_of_the_modules(country_code):
    with pytest.raises(AnsibleFilterError) as error:
        e164('0157 9991 2345', country_code)
    assert 'default_country_code %r is invalid' % (country_code,) in str(error.value)


@pytest.mark.parametrize('value', [None, True, 49.5, {'number': '+4915799912345'}])
def test_a_value_that_is_no_number_fails_clearly(value):
    with pytest.raises(AnsibleFilterError) as error:
        e164(value)
    assert 'is not a valid phone number: expected a string' in str(error.value)
