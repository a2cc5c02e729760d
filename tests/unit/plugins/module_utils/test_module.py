# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.sipgate.io.plugins.module_utils import _module
from ansible_collections.sipgate.io.plugins.module_utils._module import connection_argument_spec, environment_fallback
from ansible_collections.sipgate.io.plugins.module_utils._options import CONNECTION_ENVIRONMENT
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID


def test_the_first_set_variable_wins(monkeypatch):
    monkeypatch.delenv('SIPGATE_A', raising=False)
    monkeypatch.setenv('SIPGATE_B', 'b')
    monkeypatch.setenv('SIPGATE_C', 'c')
    assert environment_fallback('SIPGATE_A', 'SIPGATE_B', 'SIPGATE_C') == 'b'


@pytest.mark.parametrize('value', ['', '   '])
def test_a_blank_variable_counts_as_unset(monkeypatch, value):
    # Credential injectors set every variable they know, also those a user left empty.
    monkeypatch.setenv('SIPGATE_A', value)
    with pytest.raises(AnsibleFallbackNotFound):
        environment_fallback('SIPGATE_A')


def test_an_unset_variable_is_not_found(monkeypatch):
    monkeypatch.delenv('SIPGATE_A', raising=False)
    with pytest.raises(AnsibleFallbackNotFound):
        environment_fallback('SIPGATE_A')


def test_every_connection_option_reads_its_environment_variable():
    spec = connection_argument_spec()
    assert sorted(spec) == sorted(CONNECTION_ENVIRONMENT)
    for option, variable in CONNECTION_ENVIRONMENT.items():
        assert spec[option]['fallback'] == (environment_fallback, [variable])


def test_secrets_are_no_log():
    spec = connection_argument_spec()
    assert [option for option in spec if spec[option].get('no_log')] == ['token', 'access_token']


# --- what a module says before it does anything -------------------------------------------------------------------------


class _Module(object):
    """A module whose main() builds a SipgateModule and uses its client without calling fail_on_problems."""

    def __init__(self, spec=None):
        self.spec = spec or {}

    def main(self):
        module = _module.SipgateModule(argument_spec=dict(self.spec), supports_check_mode=True)
        module.client.userinfo()
        module.exit_json(changed=False)


def test_missing_required_options_name_their_environment_variable(api, run_module):
    from ansible_collections.sipgate.io.plugins.modules import sipgate_sms
    rc, dummy, result = run_module(sipgate_sms, dict(token_id=TOKEN_ID, token=TOKEN, to='+4915799912345', msg='Hello'))
    assert rc == 1
    assert result['msg'].startswith('missing required arguments: sms_id')
    assert result['msg'].endswith(': set sms_id, or the environment variable SIPGATE_SMS_ID.')
    assert api.requests == []


def test_environment_hint():
    spec = _module.extension_argument_spec(number=dict(type='str', required=True))
    assert _module.environment_hint('missing required arguments: number, sms_id', spec) == (
        'missing required arguments: number, sms_id: set sms_id, or the environment variable SIPGATE_SMS_ID.')
    assert _module.environment_hint('missing required arguments: number', spec) == 'missing required arguments: number'
    assert _module.environment_hint('value of state must be one of: present', spec) == 'value of state must be one of: present'


def test_without_requests_the_message_says_where_to_run_the_task(api, run_module, monkeypatch):
    monkeypatch.setattr(_module, 'HAS_REQUESTS', False)
    rc, dummy, result = run_module(_Module(), dict(token_id=TOKEN_ID, token=TOKEN))
    assert rc == 1
    assert result['msg'].startswith('Failed to import the required Python library (requests)')
    assert 'Run the task on the controller with delegate_to: localhost' in result['msg']


@pytest.mark.parametrize('args, problem', [
    (dict(), 'No sipgate credentials'),
    (dict(token_id=TOKEN_ID, token=TOKEN, retries=11), 'retries must be between 0 and 10'),
    (dict(token_id=TOKEN_ID, token=TOKEN, timeout=0), 'timeout must be a positive number'),
    (dict(token_id=TOKEN_ID, access_token='abcd-token'), 'mutually exclusive'),
])
def test_connection_options_are_checked_even_without_fail_on_problems(api, run_module, args, problem):
    rc, dummy, result = run_module(_Module(), args)
    assert rc == 1 and problem in result['msg']
    assert api.requests == []
