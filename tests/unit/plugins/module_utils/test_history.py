# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The account's SMS history: parsing, paging, and finding an outgoing SMS."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._history import (
    find_sent, history_query, iso_utc, list_history, sms_entry, timestamp,
)
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, load_fixture, replayed_client

TEXT = 'Disk on db1 is 95% full.'
# 2026-12-01T07:30:05Z, the newest entry of history_sms.json
CREATED = 1796110205


def query(request):
    return parse_qs(urlsplit(request.url).query)


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
    entries = list_history(replayed_client(), limit=2300, sms_id='s0')
    assert len(entries) == 2300
    assert [(query(request)['offset'], query(request)['limit']) for request in api.requests] == [
        (['0'], ['1000']), (['1000'], ['1000']), (['2000'], ['300'])]


def test_the_history_stops_at_a_short_page_or_the_total(api):
    api.answers = [page(3, total=3)]
    assert len(list_history(replayed_client())) == 3
    api.answers = [page(1000, total=1000)]
    assert len(list_history(replayed_client())) == 1000
    assert len(api.requests) == 2


def test_a_history_without_items_is_an_invalid_answer(api):
    api.answers = [json_answer(200, data={'totalCount': 0})]
    with pytest.raises(SipgateError) as caught:
        list_history(replayed_client())
    assert caught.value.kind == 'invalid_response'


def test_a_history_403_names_the_scope(api):
    api.answers = [json_answer(403, 'error_403.json')]
    with pytest.raises(SipgateError) as caught:
        list_history(replayed_client())
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
