# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._phone import (
    PhoneNumberError,
    normalize_country_code,
    normalize_number,
    normalize_recipients,
)

E164 = '+4915799912345'


@pytest.mark.parametrize('value', [
    '+4915799912345',
    '0049 157 9991 2345',
    '004915799912345',
    '00 49 157 99912345',
    '+49 (157) 999-12345',
    '+49.157.999.12345',
    '+49/157/999/12345',
    '+49-157-999-12345',
    '  +4915799912345  ',
    '\t+49 157 99912345\n',
    '+49\u00a0157\u00a099912345',
    '+49\u202f157\u202f99912345',
    '0049 (157) 999.123-45',
])
def test_international_forms(value):
    assert normalize_number(value) == E164


@pytest.mark.parametrize('value, default_country_code', [
    ('015799912345', 49),
    ('015799912345', '49'),
    ('015799912345', '+49'),
    ('015799912345', ' 49 '),
    ('0157 999 123 45', 49),
    ('(0157) 999-12345', '49'),
    ('0157/99912345', 49),
    ('+4915799912345', 1),
    ('004915799912345', 1),
])
def test_national_forms_with_default_country_code(value, default_country_code):
    assert normalize_number(value, default_country_code) == E164


@pytest.mark.parametrize('value, default_country_code, expected', [
    ('0171 1234567', 1, '+11711234567'),
    ('030 1234567', 420, '+420301234567'),
    ('+1 212 555 0100', None, '+12125550100'),
    ('+1234567', None, '+1234567'),
    ('+123456789012345', None, '+123456789012345'),
    ('0012125550100', None, '+12125550100'),
])
def test_other_countries_and_length_bounds(value, default_country_code, expected):
    assert normalize_number(value, default_country_code) == expected


def test_national_number_without_default_country_code():
    with pytest.raises(PhoneNumberError) as error:
        normalize_number('015799912345')
    message = str(error.value)
    assert "'015799912345' is not a valid phone number" in message
    assert '+49' in message
    assert 'default_country_code' in message


@pytest.mark.parametrize('value, reason', [
    ('', 'empty'),
    ('   ', 'empty'),
    ('\t\n', 'empty'),
    ('+49 157 CALL ME', 'letters'),
    ('+49157x12345', 'letters'),
    ('+4915799912345 ext 12', 'letters'),
    ('4915799912345+', '+ is only allowed at the start'),
    ('49+15799912345', '+ is only allowed at the start'),
    ('(+49) 157 99912345', '+ is only allowed at the start'),
    ('++4915799912345', 'more than one +'),
    ('+49 +15799912345', 'more than one +'),
    ('+49_157_99912345', "character '_'"),
    ('+49,15799912345', "character ','"),
    ('+49#15799912345', "character '#'"),
    ('+49 157\u201399912345', "character"),
    ('+\u0664\u0669157999123', "character"),
    ('+49 157) 99912345', ')'),
    ('+49 (157 99912345', '('),
    ('+123456', '6 digits'),
    ('+1234567890123456', '16 digits'),
    ('0049 157', '5 digits'),
    ('+0157999123', 'never start with 0'),
    ('000157999123', 'never start with 0'),
    ('+', 'no digits'),
    ('()', 'no digits'),
    ('- / .', 'no digits'),
    ('00', 'no digits after the international prefix'),
    ('4915799912345', "did you mean '+4915799912345'"),
    ('49 157 99912345', "did you mean '+4915799912345'"),
])
def test_rejected_forms(value, reason):
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(value)
    message = str(error.value)
    assert message.startswith('%r is not a valid phone number: ' % value)
    assert reason in message


@pytest.mark.parametrize('value, reason', [
    ('0157', '5 digits'),
    ('0', 'has 2 digits'),
    ('0157 999 123 456 789 0', '18 digits'),
])
def test_rejected_national_forms(value, reason):
    with pytest.raises(PhoneNumberError, match=reason):
        normalize_number(value, 49)


def test_rejection_quotes_original_input():
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(' 0157 ', 49)
    assert str(error.value).startswith("' 0157 ' is not a valid phone number: ")


def test_integer_input_is_ambiguous():
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(4915799912345)
    message = str(error.value)
    assert "'4915799912345' is not a valid phone number" in message
    assert "'+4915799912345'" in message
    assert 'quote the number' in message


@pytest.mark.parametrize('value', [None, True, False, 4.9e12, ['+4915799912345'], b'+4915799912345'])
def test_non_string_input(value):
    with pytest.raises(PhoneNumberError, match='expected a string'):
        normalize_number(value)


@pytest.mark.parametrize('value, expected', [
    (49, '49'),
    ('49', '49'),
    ('+49', '49'),
    (' +49 ', '49'),
    (1, '1'),
    ('1', '1'),
    (420, '420'),
    ('999', '999'),
])
def test_valid_country_codes(value, expected):
    assert normalize_country_code(value) == expected


@pytest.mark.parametrize('value', [
    0, '0', '049', '0049', '+049', '1234', 1234, '', ' ', '+', '++49', 'DE', '4 9', '49\n1', -49, True, None, 4.9, '\u0664\u0669',
])
def test_invalid_country_codes(value):
    with pytest.raises(PhoneNumberError) as error:
        normalize_country_code(value)
    assert str(error.value).startswith('default_country_code %r is invalid' % (value,))


def test_invalid_default_country_code_is_checked_even_when_unused():
    with pytest.raises(PhoneNumberError, match='default_country_code'):
        normalize_number('+4915799912345', '0049')


def test_country_code_error_is_a_value_error():
    with pytest.raises(ValueError):
        normalize_number('+4915799912345', 'DE')


def test_recipients_keep_order_and_drop_duplicates():
    recipients, errors = normalize_recipients(
        ['+4915799912345', '+1 212 555 0100', '0049 157 9991 2345', '015799912345', '+12125550100', '030 1234567'],
        default_country_code=49,
    )
    assert errors == []
    assert recipients == [
        {'input': '+4915799912345', 'recipient': '+4915799912345'},
        {'input': '+1 212 555 0100', 'recipient': '+12125550100'},
        {'input': '030 1234567', 'recipient': '+49301234567'},
    ]


def test_recipients_report_each_invalid_entry():
    recipients, errors = normalize_recipients(['+4915799912345', 'call me', '015799912345', 4915799912345, None, '+4915799912345'])
    assert recipients == [{'input': '+4915799912345', 'recipient': '+4915799912345'}]
    assert len(errors) == 4
    assert errors[0].startswith("recipient 2: 'call me' is not a valid phone number: ")
    assert errors[1].startswith("recipient 3: '015799912345' is not a valid phone number: ")
    assert errors[2].startswith("recipient 4: '4915799912345' is not a valid phone number: ")
    assert errors[3].startswith('recipient 5: None is not a valid phone number: ')


def test_recipients_integer_input_is_reported_as_string():
    recipients, errors = normalize_recipients([4915799912345])
    assert recipients == []
    assert "did you mean '+4915799912345'" in errors[0]


@pytest.mark.parametrize('values, expected', [
    ([], []),
    (None, []),
    ('+4915799912345', [{'input': '+4915799912345', 'recipient': '+4915799912345'}]),
])
def test_recipients_edge_inputs(values, expected):
    assert normalize_recipients(values) == (expected, [])


def test_recipients_invalid_default_country_code_raises():
    with pytest.raises(PhoneNumberError, match='default_country_code'):
        normalize_recipients(['+4915799912345'], default_country_code='+0')


# --- the national trunk prefix 0 after the country code ----------------------------------------------------------------


@pytest.mark.parametrize('value, expected', [
    ('+49 (0) 157 9991 2345', '+4915799912345'),
    ('+49 (0)157 9991 2345', '+4915799912345'),
    ('+49(0)15799912345', '+4915799912345'),
    ('+49 ( 0 ) 157 9991 2345', '+4915799912345'),
    ('0049 (0) 157 9991 2345', '+4915799912345'),
    ('+49 (0)30 12345678', '+493012345678'),
    ('+44 (0)20 7946 0958', '+442079460958'),
    ('+41 (0)44 668 18 00', '+41446681800'),
])
def test_the_trunk_zero_in_parentheses_is_left_out(value, expected):
    assert normalize_number(value) == expected


@pytest.mark.parametrize('value, reason', [
    ('+49 0157 9991 2345', 'after the country code +49 comes a 0, the national trunk prefix'),
    ('0049 030 12345678', 'after the country code +49 comes a 0'),
    ('00 49 0157 999123', 'after the country code +49 comes a 0'),
    ('+49 (030) 12345678', 'after the country code +49 comes a 0'),
    ('+44 020 7946 0958', 'after the country code +44 comes a 0'),
    ('+49 157 (0) 9991234', '(0) may only follow the country code'),
    ('(0) +49 157 9991234', '+ is only allowed at the start'),
    ('+49 (0) (0) 157 9991234', '(0) more than once'),
    # However it is written: without a space, after other separators, or after the (0).
    ('+490157 9991 2345', 'after the country code +49 comes a 0'),
    ('+4901579991234', 'after the country code +49 comes a 0'),
    ('0049-0157-9991234', 'after the country code +49 comes a 0'),
    ('+49 (0) 0157 9991234', 'after the country code +49 comes a 0'),
    ('+1 0212 555 0100', 'after the country code +1 comes a 0'),
    ('+3530871234567', 'after the country code +353 comes a 0'),
])
def test_a_zero_after_the_country_code_never_reaches_the_number(value, reason):
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(value)
    assert reason in str(error.value)


@pytest.mark.parametrize('value, expected', [
    ('+39 06 1234 5678', '+390612345678'),
    ('+378 0549 888 888', '+3780549888888'),
    ('+225 07 12 34 56 78', '+2250712345678'),
    ('+20 10 1234 5678', '+201012345678'),
    ('+4930 1234567', '+49301234567'),
    # Where the 0 belongs to the number, "(0)" keeps it: leaving it out would reach another number.
    ('+39 (0)6 6982 1234', '+390669821234'),
    ('+225 (0)7 12 34 56 78', '+2250712345678'),
    ('0039 (0) 6 6982 1234', '+390669821234'),
    ('+390669821234', '+390669821234'),
])
def test_a_zero_that_belongs_to_the_number_stays(value, expected):
    assert normalize_number(value) == expected


@pytest.mark.parametrize('value, country_code, expected', [
    ('06 6982 1234', '39', '+390669821234'),
    ('07 12 34 56 78', '225', '+2250712345678'),
    ('030 1234567', '49', '+49301234567'),
])
def test_a_national_number_keeps_its_0_where_it_belongs_to_the_number(value, country_code, expected):
    assert normalize_number(value, country_code) == expected


@pytest.mark.parametrize('value, country_code', [('123', None), ('123', '49'), ('1234567890123456', None), ('0123', '1')])
def test_no_hint_that_is_itself_invalid(value, country_code):
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(value, country_code)
    assert 'did you mean' not in str(error.value)
    if not value.startswith('0'):
        assert str(error.value).endswith('write it with + and the country code, such as +49 157 9991 2345')


def test_country_codes_of_one_two_and_three_digits():
    from ansible_collections.sipgate.io.plugins.module_utils._phone import country_code_of
    assert [country_code_of(number) for number in ('12125550100', '74951234567', '4915799912345', '390669821234',
                                                   '3530871234567', '2250712345678', '8522123456')] == [
        '1', '7', '49', '39', '353', '225', '852']


@pytest.mark.parametrize('value, country_code, hint', [
    ('157 9991 2345', '49', "did you mean '+4915799912345' or '+15799912345'?"),
    ('4915799912345', '49', "did you mean '+4915799912345'?"),
    ('4915799912345', None, "did you mean '+4915799912345'?"),
])
def test_the_hint_for_a_number_without_prefix_uses_the_default_country_code(value, country_code, hint):
    with pytest.raises(PhoneNumberError) as error:
        normalize_number(value, country_code)
    assert str(error.value).endswith(hint)
