# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugins' in-process runner against the modules: the same cases run both ways give the same results.

Each case runs once as the module (its main(), as on a managed host) and once through run_in_process() (as the action
plugin runs it in the controller process), against the same replayed API answers; the results, the requests sent and
the secrets they mask must be the same.
"""

from __future__ import annotations

import importlib
import json
import os
import tempfile

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _sms_task
from ansible_collections.sipgate.io.plugins.plugin_utils import _action
from ansible_collections.sipgate.io.plugins.plugin_utils._action import ASYNC_REFUSED, applied_environment, run_in_process
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, no_content, read_timeout

CREDENTIALS = dict(token_id=TOKEN_ID, token=TOKEN)
SECRET_URL = 'https://user:s3cret-password@api.sipgate.com/v2'


def caller_ids(default=0):
    return json_answer(200, data={'items': [
        {'id': 0, 'phonenumber': 'sipgate', 'verified': True, 'defaultNumber': default == 0},
        {'id': 1, 'phonenumber': '+4915799912345', 'verified': True, 'defaultNumber': default == 1}]})


# (id, module, task arguments, answers, check mode, diff, environment)
CASES = [
    ('sms sent', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to=['0049 157 9991 2345', '+4915799912346'], msg='Deployed.'),
     [no_content(), no_content()], False, True, {}),
    ('sms check mode', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Deployed.'),
     [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), json_answer(200, 'balance.json')], True, True, {}),
    ('sms unknown outcome', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Deployed.', history_wait=0),
     [read_timeout, json_answer(200, 'history_empty.json')], False, False, {}),
    ('sms as a sender', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912346', msg='Deployed.', sender='+4915799912345'),
     [json_answer(200, 'userinfo.json'), caller_ids(0), no_content(), caller_ids(1), no_content(), caller_ids(1), no_content(),
      caller_ids(0)], False, True, {}),
    ('sms credentials from the environment', 'sipgate_sms', dict(to='+4915799912345', msg='Deployed.'), [no_content()], False, False,
     dict(SIPGATE_TOKEN_ID=TOKEN_ID, SIPGATE_TOKEN=TOKEN, SIPGATE_SMS_ID='s0')),
    ('sms refused', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Deployed.'),
     [json_answer(401, 'error_401.json')], False, False, {}),
    ('sms invalid input', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to=['12', '+4915799912345'], msg=' ', max_in_flight=99),
     [], False, False, {}),
    ('sms missing sms_id', 'sipgate_sms', dict(CREDENTIALS, to='+4915799912345', msg='Deployed.'), [], False, False, {}),
    ('sms unsupported option', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Hi', message='Hi'),
     [], False, False, {}),
    ('sms option and alias', 'sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', recipients='+4915799912346', msg='Hi'),
     [no_content()], False, False, {}),
    ('secret in api_url', 'sipgate_balance_info', dict(CREDENTIALS, api_url=SECRET_URL), [], False, False, {}),
    ('balance', 'sipgate_balance_info', dict(CREDENTIALS), [json_answer(200, 'balance.json')], False, False, {}),
    ('history', 'sipgate_sms_history_info', dict(CREDENTIALS, sms_id='s0', limit=2), [json_answer(200, 'history_sms.json')],
     False, False, {}),
    ('wait for a reply in check mode', 'sipgate_sms_wait_for_reply', dict(CREDENTIALS, from_numbers=['+4915799940001']),
     [json_answer(200, 'history_empty.json', headers={'Date': 'Tue, 01 Dec 2026 07:30:00 GMT'})], True, False, {}),
    ('wait for a reply that does not come', 'sipgate_sms_wait_for_reply', dict(CREDENTIALS, from_numbers=['0157 99940001'], wait=0),
     [json_answer(200, 'history_empty.json', headers={'Date': 'Tue, 01 Dec 2026 07:30:00 GMT'}), json_answer(200, 'history_empty.json')],
     False, False, dict(SIPGATE_DEFAULT_COUNTRY_CODE='49')),
    ('extensions', 'sipgate_sms_extensions_info', dict(CREDENTIALS, caller_ids=True, sms_id='s0'),
     [json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'), caller_ids(0)], False, False, {}),
    ('extension changed with diff', 'sipgate_sms_extension', dict(CREDENTIALS, user_id='w0', sms_id='s0', alias='Ops'),
     [json_answer(200, 'sms_extensions.json'), caller_ids(0), no_content(),
      json_answer(200, data={'items': [{'id': 's0', 'alias': 'Ops', 'callerId': 'sipgate'}]})], False, True, {}),
    ('caller id verified', 'sipgate_sms_caller_id',
     dict(CREDENTIALS, user_id='w0', sms_id='s0', number='+4915799912399', verification_code='482915'),
     [json_answer(200, 'sms_extensions.json'),
      json_answer(200, data={'items': [{'id': 7, 'phonenumber': '+4915799912399', 'verified': False, 'defaultNumber': False}]}),
      no_content(), json_answer(200, data={'items': [{'id': 7, 'phonenumber': '+4915799912399', 'verified': True, 'defaultNumber': False}]})],
     False, True, {}),
]


@pytest.fixture(autouse=True)
def private_lock_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


def task_module(module):
    name = {'sipgate_sms': '_sms_task', 'sipgate_balance_info': '_balance_task', 'sipgate_sms_history_info': '_history_task',
            'sipgate_sms_extensions_info': '_extensions_info_task', 'sipgate_sms_extension': '_extension_task',
            'sipgate_sms_caller_id': '_caller_id_task', 'sipgate_sms_wait_for_reply': '_wait_for_reply_task'}[module]
    return importlib.import_module('ansible_collections.sipgate.io.plugins.module_utils.%s' % name)


def sent(api):
    return [(request.method, request.path_url, request.body) for request in api.requests]


def comparable(result):
    """A result as JSON gives it, without what only a module process adds."""
    result = json.loads(json.dumps(result))
    # ansible-core 2.19 and later send a module's warnings as structures that the controller shows as their text.
    if result.get('warnings'):
        result['warnings'] = [warning['event']['msg'] if isinstance(warning, dict) else warning for warning in result['warnings']]
    # ansible-core from 2.21 on leaves the invocation out of a failed module's result.
    if result.get('failed'):
        result.pop('invocation', None)
    return result


@pytest.mark.parametrize('case', CASES, ids=[case[0] for case in CASES])
def test_the_action_in_process_gives_the_result_of_the_module(api, run_module, monkeypatch, case):
    dummy, module, args, answers, check_mode, diff, environment = case
    api.answers = list(answers)
    with applied_environment(environment):
        # Ansible tells a module the name the task used, as the action passes it to the in-process runner.
        rc, out, as_module = run_module(importlib.import_module('ansible_collections.sipgate.io.plugins.modules.%s' % module),
                                        dict(args, _ansible_module_name=module), check_mode=check_mode, diff=diff)
    module_requests = sent(api)
    api.requests[:] = []
    api.answers = list(answers)
    in_process = run_in_process(task_module(module), module, args, check_mode=check_mode, diff=diff, environment=environment)
    assert comparable(in_process) == comparable(as_module)
    assert sent(api) == module_requests
    assert bool(in_process.get('failed')) is (rc != 0)
    for secret in (TOKEN, 's3cret-password', '482915'):
        assert secret not in json.dumps(in_process)


def test_the_environment_is_applied_for_the_task_alone(api, monkeypatch):
    monkeypatch.setenv('SIPGATE_SMS_ID', 's9')
    monkeypatch.delenv('HTTPS_PROXY', raising=False)
    seen = {}

    def run(task):
        seen.update(sms_id=task.params['sms_id'], proxy=os.environ.get('HTTPS_PROXY'))
        return dict(changed=False)

    class Task(object):
        argument_spec = staticmethod(_sms_task.argument_spec)

    Task.run = staticmethod(run)
    result = run_in_process(Task, 'sipgate.io.sipgate_sms', dict(CREDENTIALS, to='+4915799912345', msg='Hi'),
                            environment=dict(SIPGATE_SMS_ID='s1', HTTPS_PROXY='http://127.0.0.1:3128'))
    assert not result.get('failed') and seen == dict(sms_id='s1', proxy='http://127.0.0.1:3128')
    assert os.environ['SIPGATE_SMS_ID'] == 's9' and 'HTTPS_PROXY' not in os.environ


def test_a_blank_environment_variable_counts_as_unset(api):
    result = run_in_process(_sms_task, 'sipgate.io.sipgate_sms', dict(CREDENTIALS, to='+4915799912345', msg='Hi'),
                            environment=dict(SIPGATE_SMS_ID=''))
    assert result['failed'] and result['msg'] == ('missing required arguments: sms_id: set sms_id, or the environment variable '
                                                  'SIPGATE_SMS_ID.')
    assert api.requests == []


def test_without_requests_on_the_controller_the_task_says_where_to_install_it(api, monkeypatch):
    monkeypatch.setattr(_action, 'HAS_REQUESTS', False)
    result = run_in_process(_sms_task, 'sipgate.io.sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Hi'))
    assert result['failed'] and result['msg'].startswith('Failed to import the required Python library (requests)')
    assert 'Install requests for the Python that runs ansible-playbook' in result['msg']
    assert api.requests == []


def test_a_bug_is_reported_with_its_traceback_and_masked(api):
    class Task(object):
        argument_spec = staticmethod(_sms_task.argument_spec)

        @staticmethod
        def run(task):
            raise ValueError('broken near %s' % task.params['token'])

    result = run_in_process(Task, 'sipgate.io.sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Hi'))
    assert result['failed'] and result['msg'] == 'ValueError: broken near ********'
    assert 'Traceback' in result['exception'] and TOKEN not in result['exception']


def test_async_is_refused_naming_the_module():
    assert ASYNC_REFUSED % 'sipgate.io.sipgate_sms' == (
        'sipgate.io.sipgate_sms does not support async: the task waits for the sipgate API itself and reports every outcome '
        'when it ends. Remove async and poll from the task.')


class _Connection(object):
    def __init__(self, transport):
        self.transport = transport


class _Task(object):
    def __init__(self, delegate_to):
        self.delegate_to = delegate_to


@pytest.mark.parametrize('delegate_to, transport, in_process', [
    (None, 'ssh', True),
    ('', 'ssh', True),
    ('localhost', 'local', True),
    ('bastion', 'ssh', False),
    ('web1', 'paramiko', False),
])
def test_only_a_task_delegated_to_a_remote_host_runs_the_module_there(delegate_to, transport, in_process):
    action = _action.SipgateAction.__new__(_action.SipgateAction)
    action._task, action._connection = _Task(delegate_to), _Connection(transport)
    assert action.runs_in_process() is in_process


def test_warnings_and_deprecations_of_the_task_are_returned_masked(api):
    class Task(object):
        argument_spec = staticmethod(_sms_task.argument_spec)

        @staticmethod
        def run(task):
            task.warn('the token %s is old' % task.params['token'])
            task.deprecate('send_at as a number is deprecated', version='2.0.0')
            return dict(changed=False)

    result = run_in_process(Task, 'sipgate.io.sipgate_sms', dict(CREDENTIALS, sms_id='s0', to='+4915799912345', msg='Hi'))
    assert result['warnings'] == ['the token ******** is old']
    assert result['deprecations'] == [dict(msg='send_at as a number is deprecated', version='2.0.0', date=None,
                                           collection_name='sipgate.io')]
