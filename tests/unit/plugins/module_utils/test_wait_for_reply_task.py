# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The task of sipgate_sms_wait_for_reply over a Task: its settings, check mode, a reply taken, none in time."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils import _wait_for_reply_task
from ansible_collections.sipgate.io.plugins.module_utils._claims import ClaimsError
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
from ansible_collections.sipgate.io.plugins.module_utils._send_at import parse_send_at, to_unix_seconds
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_RETRIES, DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.plugins.module_utils._task import Task, run_task
from ansible_collections.sipgate.io.tests.unit.plugins.module_utils.test_inbox import Claims, empty, received
from ansible_collections.sipgate.io.tests.unit.plugins.module_utils.test_lock import Clock
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture, no_content

SINCE = to_unix_seconds(parse_send_at('2026-12-01T07:30:00Z'))


def params(**args):
    return dict(dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='https://api.sipgate.com/v2',
                     validate_certs=True, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, from_numbers=['+4915799940001'],
                     default_country_code=None, since=None, match=None, wait=300, mark_read=True), **args)


def run(args, check_mode=False, claims=None, fake_time=None):
    """``(failed, result, warnings)`` of the task function."""
    fake_time = fake_time or Clock()

    def client_factory(**settings):
        return SipgateClient(sleep=fake_time.sleep, **settings)
    task = Task(params(**args), check_mode=check_mode, client_factory=client_factory)
    failed, result = run_task(lambda task: _wait_for_reply_task.run(task, claim=claims or Claims(), clock=fake_time), task)
    return failed, result, task.warnings


def test_settings_name_every_problem():
    problems, dummy = _wait_for_reply_task.reply_settings(
        dict(from_numbers=['12', '+4915799940001'], since='yesterday', match='(', wait=-1, mark_read=True))
    text = ' '.join(problems)
    for expected in ("from_numbers 1: '12' is not a valid phone number", "since 'yesterday' is not a valid time",
                     "match '(' is not a regular expression", 'wait must be between 0 and 86400 seconds, not -1'):
        assert expected in text
    assert _wait_for_reply_task.reply_settings(dict(from_numbers=[], wait=1, mark_read=True))[0] == ['from_numbers must name at least one number']


def test_settings_normalise_the_numbers_and_times():
    problems, settings = _wait_for_reply_task.reply_settings(
        dict(from_numbers=['0157 99940001', '+49 157 99940001', '0049 15799940002'], default_country_code='49',
             since='2026-12-01T08:30:00+01:00', match=r'\b4711\b', wait=0, mark_read=False))
    assert problems == []
    assert settings['senders'] == ['+4915799940001', '+4915799940002']
    assert settings['since'] == SINCE and settings['pattern'].search('ACK 4711')


def test_the_task_in_check_mode_reads_once_and_waits_for_nothing(api):
    api.answers = [empty()]
    failed, result, dummy = run({}, check_mode=True)
    assert not failed and result['replied'] is False and result['since'] == '2026-12-01T07:30:00Z'
    assert api.methods == ['GET']


def test_the_task_takes_the_reply_and_marks_it_read(api):
    api.answers = [empty(), received('100000004'), no_content(),
                   json_answer(200, data=dict(load_fixture('history_received.json')['items'][1], read=True))]
    failed, result, warnings = run({})
    assert not failed and result['changed'] is True and result['replied'] is True and result['polls'] == 1
    assert result['reply'] == {'id': '100000004', 'created': '2026-12-01T07:31:40Z', 'sender': '+4915799940001',
                               'text': 'on it, ACK 4711', 'read': True}
    assert warnings == []


def test_the_task_fails_without_a_reply_saying_from_whom_and_since_when(api):
    fake_time = Clock()
    api.default = empty()
    failed, result, dummy = run(dict(match='4711', wait=10), fake_time=fake_time)
    assert failed and result['replied'] is False and result['reply'] == {} and result['changed'] is False
    assert result['msg'] == "No reply from +4915799940001 matching '4711' since 2026-12-01T07:30:00Z came within 10 seconds."
    assert fake_time.sleeps == [2.0, 3.0, 4.5, 0.5] and result['polls'] == 5


def test_a_failing_claims_record_takes_no_reply(api):
    api.answers = [empty(), received('100000004')]

    def broken(candidates):
        raise ClaimsError('the record of claims is not valid JSON; remove it')
    failed, result, dummy = run({}, claims=broken)
    assert failed and result['replied'] is False and 'No reply can be taken safely' in result['msg']
