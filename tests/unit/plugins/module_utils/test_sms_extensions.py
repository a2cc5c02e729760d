# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    MalformedAnswerError,
    default_caller_id,
    parse_caller_ids,
    parse_sms_extensions,
    parse_user_id,
    sender_problem,
)

EXTENSIONS_ANSWER = {'items': [
    {'id': 's0', 'alias': 'SMS von Douglas Engelbart', 'callerId': '+4915799912345'},
    {'id': 's1', 'alias': 'Ops alerts', 'callerId': 'sipgate'},
]}
CALLER_IDS_ANSWER = {'items': [
    {'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': False},
    {'id': 1, 'phonenumber': '+4915799912345', 'verified': True, 'defaultNumber': True},
]}


def test_extensions_become_snake_case_in_api_order():
    assert parse_sms_extensions(EXTENSIONS_ANSWER) == [
        {'id': 's0', 'alias': 'SMS von Douglas Engelbart', 'caller_id': '+4915799912345'},
        {'id': 's1', 'alias': 'Ops alerts', 'caller_id': 'sipgate'},
    ]


def test_an_account_without_extensions_is_an_empty_list():
    assert parse_sms_extensions({'items': []}) == []


def test_missing_alias_and_caller_id_are_none():
    assert parse_sms_extensions({'items': [{'id': 's3'}]}) == [{'id': 's3', 'alias': None, 'caller_id': None}]


@pytest.mark.parametrize('answer, problem', [
    (None, 'no list "items"'),
    ([], 'no list "items"'),
    ({}, 'no list "items"'),
    ({'items': None}, 'no list "items"'),
    ({'items': 's0'}, 'no list "items"'),
    ({'items': ['s0']}, 'not an object'),
    ({'items': [{'alias': 'x'}]}, 'has no id'),
    ({'items': [{'id': ''}]}, 'has no id'),
    ({'items': [{'id': 0}]}, 'has no id'),
])
def test_malformed_extension_answers_are_clear_errors(answer, problem):
    with pytest.raises(MalformedAnswerError) as caught:
        parse_sms_extensions(answer)
    assert problem in str(caught.value)
    assert isinstance(caught.value, SipgateError)
    assert caught.value.kind == 'invalid_response'


def test_caller_ids_become_snake_case_with_default():
    caller_ids = parse_caller_ids(CALLER_IDS_ANSWER)
    assert caller_ids == [
        {'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'default': False},
        {'id': 1, 'phonenumber': '+4915799912345', 'verified': True, 'default': True},
    ]
    assert default_caller_id(caller_ids) == '+4915799912345'


def test_caller_id_flags_default_to_false_as_in_the_spec():
    assert parse_caller_ids({'items': [{'id': 2, 'phonenumber': '+4915799912346'}]}) == [
        {'id': 2, 'phonenumber': '+4915799912346', 'verified': False, 'default': False}]


def test_no_default_caller_id_is_none():
    assert default_caller_id(parse_caller_ids({'items': [{'id': 0, 'phonenumber': 'sipgate'}]})) is None
    assert default_caller_id([]) is None


@pytest.mark.parametrize('answer', [
    {'items': [{'id': 0}]}, {'items': 'x'}, {'items': [1]},
    {'items': [{'id': 1, 'phonenumber': None, 'verified': True, 'defaultNumber': True}]},
    {'items': [{'id': 1, 'phonenumber': ' ', 'verified': True}]},
    {'items': [{'phonenumber': '+4915799912345', 'verified': True}]},
    {'items': [{'id': True, 'phonenumber': '+4915799912345'}]},
], ids=['no_phonenumber', 'items_not_a_list', 'entry_not_an_object', 'phonenumber_null', 'phonenumber_blank', 'no_id', 'id_bool'])
def test_malformed_caller_id_answers_are_clear_errors(answer):
    with pytest.raises(MalformedAnswerError):
        parse_caller_ids(answer)


def test_user_id_comes_from_sub():
    assert parse_user_id({'sub': 'w0', 'domain': 'sipgate.de', 'masterSipId': '0000000', 'locale': 'de_DE'}) == 'w0'


@pytest.mark.parametrize('answer', [{}, {'sub': ''}, {'sub': 7}, [], None])
def test_userinfo_without_sub_is_a_clear_error(answer):
    with pytest.raises(MalformedAnswerError) as caught:
        parse_user_id(answer)
    assert 'no user id ("sub")' in str(caught.value)


def test_an_unregistered_sender_says_how_to_add_it():
    caller_ids = [dict(id=0, phonenumber='sipgate', verified=True, default=True)]
    assert sender_problem(caller_ids, '+4915799912345', 's1') == (
        'the sender +4915799912345 is not a caller id of s1 (not registered); s1 can send as: sipgate. Add it with '
        'sipgate.io.sipgate_sms_caller_id first, and verify it with the code sipgate texts to it')
