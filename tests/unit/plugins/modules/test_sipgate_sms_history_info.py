# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms_history_info module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_history_info
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture


@pytest.fixture
def run(run_module):
    return functools.partial(run_module, sipgate_sms_history_info)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN), **args)


def query(request):
    return parse_qs(urlsplit(request.url).query)


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_the_outgoing_sms_newest_first(api, run, check_mode):
    api.answers = [json_answer(200, 'history_sms.json')]
    rc, dummy, result = run(task(), check_mode=check_mode)
    assert rc == 0 and result['changed'] is False
    assert [entry['id'] for entry in result['sms']] == ['100000002', '100000001']
    assert result['sms'][0] == {'id': '100000002', 'created': '2026-12-01T07:30:05Z', 'direction': 'outgoing', 'sms_id': 's0',
                                'sender': '+4915799912345', 'recipient': '+4915799912346', 'text': 'Disk on db1 is 95% full.',
                                'scheduled': None}
    assert [request.method for request in api.requests] == ['GET']
    assert urlsplit(api.requests[0].url).path == '/v2/history'
    assert query(api.requests[0]) == {'types': ['SMS'], 'directions': ['OUTGOING'], 'offset': ['0'], 'limit': ['100']}


def test_the_filters_go_to_the_api(api, run):
    api.answers = [json_answer(200, 'history_empty.json')]
    rc, dummy, result = run(task(sms_id='s1', recipient='0157 99912346', default_country_code='49', direction='any',
                                 since='2026-11-30T18:00:00+01:00', until=1796110205, limit=5))
    assert rc == 0 and result['sms'] == []
    assert query(api.requests[0]) == {'types': ['SMS'], 'connectionIds': ['s1'], 'phonenumber': ['+4915799912346'],
                                      'from': ['2026-11-30T17:00:00Z'], 'to': ['2026-12-01T07:30:05Z'], 'offset': ['0'], 'limit': ['5']}


def test_a_limit_over_one_page_reads_several(api, run):
    item = load_fixture('history_sms.json')['items'][0]
    api.answers = [json_answer(200, data={'items': [item] * 1000, 'totalCount': 1500}),
                   json_answer(200, data={'items': [item] * 200, 'totalCount': 1500})]
    rc, dummy, result = run(task(limit=1200))
    assert rc == 0 and len(result['sms']) == 1200
    assert [query(request)['offset'] for request in api.requests] == [['0'], ['1000']]
    assert [query(request)['limit'] for request in api.requests] == [['1000'], ['200']]


def test_bad_input_fails_before_any_request_naming_every_problem(api, run):
    rc, dummy, result = run(task(sms_id='x9', recipient='12', since='yesterday', limit=0))
    assert rc == 1
    assert result['sms'] == [] and api.requests == []
    for problem in ("sms_id", 'recipient:', "since 'yesterday' is not a valid time", 'limit must be 1 or more, not 0'):
        assert problem in result['msg']


def test_without_history_read_it_fails_naming_the_scope(api, run):
    api.answers = [json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task())
    assert rc == 1 and result['http_status'] == 403
    assert 'the token lacks the scope history:read' in result['msg']
