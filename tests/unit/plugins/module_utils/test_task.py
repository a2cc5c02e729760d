# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The task layer: a task function over validated parameters, its failures with partial results, and its client."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._task import Task, run_task
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer

PARAMS = dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='https://api.sipgate.com/v2', validate_certs=True,
              timeout=30.0, retries=0)


def test_a_result_is_returned_with_warnings_and_deprecations_kept_in_the_task(api):
    api.answers = [json_answer(200, 'userinfo.json')]

    def function(task):
        task.warn('careful')
        task.deprecate('old', version='2.0.0')
        return dict(changed=False, user_id=task.user_id)

    task = Task(dict(PARAMS), check_mode=True, diff=True)
    assert run_task(function, task) == (False, dict(changed=False, user_id='w0'))
    assert task.warnings == ['careful']
    assert task.deprecations == [dict(msg='old', version='2.0.0', date=None, collection_name='sipgate.io')]
    assert task.check_mode is True and task.diff is True


def test_a_failure_keeps_the_partial_result_and_the_http_status():
    def function(task):
        task.fail_on_error(SipgateError('Refused.', status=403), prefix='Nothing was sent: ', sent=0)

    assert run_task(function, Task(dict(PARAMS))) == (True, dict(msg='Nothing was sent: Refused.', changed=False, http_status=403, sent=0))


def test_input_problems_and_connection_problems_fail_together_before_any_request(api):
    def function(task):
        task.fail_on_problems(['to must name at least one recipient'], prefix='Nothing was sent: ')

    failed, result = run_task(function, Task(dict(PARAMS, retries=11)))
    assert failed and result['msg'] == ('Nothing was sent: retries must be between 0 and 10, not 11. '
                                        'to must name at least one recipient.')
    assert api.requests == []


def test_the_client_is_never_made_while_the_connection_options_have_problems(api):
    made = []
    failed, result = run_task(lambda task: task.client, Task(dict(PARAMS, token=None), client_factory=lambda **kwargs: made.append(kwargs)))
    assert failed and result['msg'].startswith('token_id and token are required together') and made == []


def test_the_client_is_closed_when_the_task_ends(api):
    closed = []

    class Client(object):
        def __init__(self, **settings):
            self.settings = settings

        def close(self):
            closed.append(self.settings['token_id'])

    assert run_task(lambda task: dict(token_id=task.client.settings['token_id']), Task(dict(PARAMS), client_factory=Client)) == (
        False, dict(token_id=TOKEN_ID))
    assert closed == [TOKEN_ID]
