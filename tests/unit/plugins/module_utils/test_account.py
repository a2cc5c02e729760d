# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The account's balance and SMS history: parsing, paging, and finding an outgoing SMS."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._account import (
    balance_problem,
    find_sent,
    history_query,
    iso_utc,
    list_history,
    parse_balance,
    read_balance,
    sms_entry,
    timestamp,
)
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient, SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture

TEXT = 'Disk on db1 is 95% full.'
# 2026-12-01T07:30:05Z, the newest entry of history_sms.json
CREATED = 1796110205


def client():
    return SipgateClient(api_url='https://api.sipgate.com/v2', timeout=DEFAULT_TIMEOUT, retries=0,
                         token_id=TOKEN_ID, token=TOKEN, sleep=lambda seconds: None)


def query(request):
    return parse_qs(urlsplit(request.url).query)


def test_balance_is_read_as_ten_thousandths(api):
    api.answers = [json_answer(200, 'balance.json')]
    assert read_balance(client()) == {'amount': 123400, 'currency': 'EUR', 'value': 12.34}
    assert api.requests[0].path_url == '/v2/balance'


@pytest.mark.parametrize('answer', [{}, {'amount': '5', 'currency': 'EUR'}, {'amount': True, 'currency': 'EUR'}, {'amount': 5}, []])
def test_a_balance_without_amount_and_currency_is_an_invalid_answer(answer):
    with pytest.raises(SipgateError) as caught:
        parse_balance(answer)
    assert caught.value.kind == 'invalid_response'


@pytest.mark.parametrize('amount, problem', [(1, False), (0, True), (-5000, True)])
def test_a_balance_of_zero_or_less_is_a_problem(amount, problem):
    found = balance_problem(parse_balance({'amount': amount, 'currency': 'EUR'}))
    assert (found is not None) is problem
    if problem:
        assert 'HTTP 402' in found and '%s EUR' % ('0' if amount == 0 else '-0.5') in found


def test_timestamps_to_the_second_and_back():
    assert timestamp('2026-12-01T07:30:05Z') == CREATED
    assert timestamp('2026-12-01T08:30:05+01:00') == CREATED
    assert iso_utc(CREATED + 0.9) == '2026-12-01T07:30:05Z'
    assert timestamp('yesterday') is None and timestamp(None) is None


def test_history_query_names_the_spec_filters():
    assert parse_qs(history_query(sms_id='s0', phonenumber='+4915799912345', since=CREATED, until=CREATED + 60, offset=5, limit=7)) == {
        'types': ['SMS'], 'directions': ['OUTGOING'], 'connectionIds': ['s0'], 'phonenumber': ['+4915799912345'],
        'from': ['2026-12-01T07:30:05Z'], 'to': ['2026-12-01T07:31:05Z'], 'offset': ['5'], 'limit': ['7']}
    assert 'directions' not in parse_qs(history_query(direction='any'))
    assert parse_qs(history_query(direction='incoming'))['directions'] == ['INCOMING']


def page(count, start=0, total=None):
    items = [dict(load_fixture('history_sms.json')['items'][0], id=str(start + number)) for number in range(count)]
    return json_answer(200, data={'items': items, 'totalCount': total if total is not None else count})


def test_the_history_is_read_page_after_page_up_to_the_limit(api):
    api.answers = [page(1000, total=2500), page(1000, 1000, total=2500), page(300, 2000, total=2500)]
    entries = list_history(client(), limit=2300, sms_id='s0')
    assert len(entries) == 2300
    assert [(query(request)['offset'], query(request)['limit']) for request in api.requests] == [
        (['0'], ['1000']), (['1000'], ['1000']), (['2000'], ['300'])]


def test_the_history_stops_at_a_short_page_or_the_total(api):
    api.answers = [page(3, total=3)]
    assert len(list_history(client())) == 3
    api.answers = [page(1000, total=1000)]
    assert len(list_history(client())) == 1000
    assert len(api.requests) == 2


def test_a_history_without_items_is_an_invalid_answer(api):
    api.answers = [json_answer(200, data={'totalCount': 0})]
    with pytest.raises(SipgateError) as caught:
        list_history(client())
    assert caught.value.kind == 'invalid_response'


def test_a_history_403_names_the_scope(api):
    api.answers = [json_answer(403, 'error_403.json')]
    with pytest.raises(SipgateError) as caught:
        list_history(client())
    assert caught.value.status == 403 and 'history:read' in caught.value.message


def test_an_entry_as_the_modules_return_it():
    entry = sms_entry(load_fixture('history_sms.json')['items'][0])
    assert entry == {'id': '100000002', 'created': '2026-12-01T07:30:05Z', 'direction': 'outgoing', 'sms_id': 's0',
                     'sender': '+4915799912345', 'recipient': '+4915799912346', 'text': TEXT, 'scheduled': None}
    # sipgateio-node's types call the text content; a target with 00 is E.164 all the same.
    assert sms_entry({'content': 'x', 'target': '0049 157 99912346', 'connectionIds': ['p0']})['text'] == 'x'
    assert sms_entry({'target': '0049 157 99912346', 'connectionIds': ['p0']})['recipient'] == '+4915799912346'
    assert sms_entry({'connectionIds': ['p0']})['sms_id'] is None


ENTRIES = load_fixture('history_sms.json')['items']


@pytest.mark.parametrize('sms_id, recipient, text, started_at, found', [
    ('s0', '+4915799912346', TEXT, CREATED, '100000002'),
    ('s0', '+4915799912345', TEXT, CREATED, '100000001'),
    # the API keeps whole seconds, and its clock may be behind
    ('s0', '+4915799912346', TEXT, CREATED + 0.999, '100000002'),
    ('s0', '+4915799912346', TEXT, CREATED + 60, '100000002'),
    ('s0', '+4915799912346', TEXT, CREATED + 61, None),
    ('s1', '+4915799912346', TEXT, CREATED, None),
    ('s0', '+4915799912347', TEXT, CREATED, None),
    ('s0', '+4915799912346', TEXT + ' ', CREATED, None),
], ids=['found', 'other_recipient', 'fraction', 'skew', 'too_old', 'other_extension', 'other_number', 'other_text'])
def test_find_sent(sms_id, recipient, text, started_at, found):
    entry = find_sent(ENTRIES, sms_id, recipient, text, started_at)
    assert (entry or {}).get('id') == found


@pytest.mark.parametrize('change', [{'direction': 'INCOMING'}, {'type': 'CALL'}, {'created': 'soon'}],
                         ids=['incoming', 'call', 'no_time'])
def test_only_an_outgoing_sms_with_a_time_is_found(change):
    assert find_sent([dict(ENTRIES[0], **change)], 's0', '+4915799912346', TEXT, CREATED) is None
