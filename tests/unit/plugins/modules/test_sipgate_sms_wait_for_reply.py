# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the sipgate_sms_wait_for_reply module: main() runs as under Ansible, the API answers are replayed."""

from __future__ import annotations

import functools
import json
import tempfile

import pytest

from ansible_collections.sipgate.io.plugins.modules import sipgate_sms_wait_for_reply
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture, no_content

DATE = {'Date': 'Tue, 01 Dec 2026 07:30:00 GMT'}


@pytest.fixture
def run(run_module, tmp_path, monkeypatch):
    # The record of replies taken lives beside the sender lock, in the temporary directory: here one of this test.
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    return functools.partial(run_module, sipgate_sms_wait_for_reply)


def task(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN, from_numbers=['+4915799940001']), **args)


def received(*ids):
    items = [item for item in load_fixture('history_received.json')['items'] if item['id'] in ids]
    return json_answer(200, data={'items': items, 'totalCount': len(items)}, headers=DATE)


def entry(entry_id, **change):
    return json_answer(200, data=dict(next(item for item in load_fixture('history_received.json')['items'] if item['id'] == entry_id), **change))


def empty():
    return json_answer(200, 'history_empty.json', headers=DATE)


def test_takes_the_reply_and_marks_it_read(api, run):
    api.answers = [empty(), received('100000004', '100000005'), no_content(), entry('100000004', read=True)]
    rc, dummy, result = run(task(wait=0))
    assert rc == 0 and result['changed'] is True and result['replied'] is True
    assert result['reply'] == {'id': '100000004', 'created': '2026-12-01T07:31:40Z', 'sender': '+4915799940001',
                               'text': 'on it, ACK 4711', 'read': True}
    assert result['since'] == '2026-12-01T07:30:00Z'
    assert api.calls[2:] == [('PUT', '/v2/history/100000004'), ('GET', '/v2/history/100000004')]


def test_a_reply_is_taken_once_so_the_next_wait_times_out(api, run):
    api.answers = [empty(), received('100000004'), empty(), received('100000004')]
    assert run(task(wait=0, mark_read=False))[2]['replied'] is True
    rc, dummy, result = run(task(wait=0, mark_read=False))
    assert rc == 1 and result['replied'] is False and result['reply'] == {}
    assert result['msg'] == 'No reply from +4915799940001 since 2026-12-01T07:30:00Z came within 0 seconds.'


def test_an_older_reply_and_a_text_that_does_not_match_do_not_count(api, run):
    api.answers = [empty(), received('100000003', '100000004')]
    rc, dummy, result = run(task(wait=0, match=r'^ACK', default_country_code='49', from_numbers=['0157 99940001']))
    assert rc == 1 and result['replied'] is False and "matching '^ACK'" in result['msg']


def test_a_given_since_counts_older_replies(api, run):
    api.answers = [empty(), received('100000003', '100000004')]
    rc, dummy, result = run(task(wait=0, match=r'^ACK', since='2026-12-01T08:00:00+01:00', mark_read=False))
    assert rc == 0 and result['reply']['id'] == '100000003' and result['reply']['read'] is True
    assert result['changed'] is False and result['since'] == '2026-12-01T07:00:00Z'


def test_without_history_write_the_reply_is_kept_with_a_warning(api, run):
    api.answers = [empty(), received('100000004'), json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task(wait=0))
    assert rc == 0 and result['replied'] is True and result['reply']['read'] is False and result['changed'] is False
    assert 'the token lacks the scope history:write' in json.dumps(result['warnings'])


def test_check_mode_reads_once_and_waits_for_nothing(api, run):
    api.answers = [empty()]
    rc, dummy, result = run(task(), check_mode=True)
    assert rc == 0 and result['replied'] is False and result['changed'] is False and api.methods == ['GET']
    assert 'no reply was waited for' in result['msg']


def test_bad_input_fails_before_any_request(api, run):
    rc, dummy, result = run(task(from_numbers=['015799940001'], match='[', wait=100000))
    assert rc == 1 and api.requests == [] and result['replied'] is False
    for problem in ('from_numbers 1:', 'national number', 'match', 'wait must be between 0 and 86400'):
        assert problem in result['msg']


def test_without_history_read_it_fails_naming_the_scope(api, run):
    api.answers = [json_answer(403, 'error_403.json')]
    rc, dummy, result = run(task())
    assert rc == 1 and result['http_status'] == 403 and 'history:read' in result['msg']


def test_no_secret_in_the_result(api, run):
    api.answers = [json_answer(401, 'error_401.json')]
    rc, out, dummy = run(task())
    assert rc == 1 and TOKEN not in out and TOKEN not in json.dumps(dummy)
