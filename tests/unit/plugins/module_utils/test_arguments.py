# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The argument specs: environment variables as fallbacks, and the hints that name them."""

from __future__ import annotations

import pytest

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.sipgate.io.plugins.module_utils._arguments import (
    connection_argument_spec, environment_fallback, environment_hint, extension_argument_spec,
)
from ansible_collections.sipgate.io.plugins.module_utils._options import CONNECTION_ENVIRONMENT


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


def test_environment_hint():
    spec = extension_argument_spec(number=dict(type='str', required=True))
    assert environment_hint('missing required arguments: number, sms_id', spec) == (
        'missing required arguments: number, sms_id: set sms_id, or the environment variable SIPGATE_SMS_ID.')
    assert environment_hint('missing required arguments: number', spec) == 'missing required arguments: number'
    assert environment_hint('value of state must be one of: present', spec) == 'value of state must be one of: present'
