# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AWX / automation controller credential type in extensions/awx: what AWX accepts, and the environment it gives a job.

The rules and the rendering follow AWX's own: CredentialTypeInputField and CredentialTypeInjectorField validate a custom
credential type, and CredentialType.inject_credential renders the `env` injectors for each job.
"""

from __future__ import annotations

import os
import re
import types

import pytest
import yaml
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible.plugins.loader import callback_loader

from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN
from ansible_collections.sipgate.io.tests.utils import awx_injectors

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE_PATH = os.path.join(COLLECTION_ROOT, 'extensions', 'awx', 'sipgate_credential_type.yml')
PLAYBOOK_PATH = os.path.join(COLLECTION_ROOT, 'playbooks', 'awx_credential_type.yml')

CREDENTIAL_TYPE = awx_injectors.load_credential_type(CREDENTIAL_TYPE_PATH)

# The keys AWX allows in an input field; anything else makes it refuse the credential type.
FIELD_KEYS = frozenset(('id', 'label', 'type', 'format', 'choices', 'help_text', 'multiline', 'secret', 'ask_at_runtime', 'default'))
NAME = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
MASKED = awx_injectors.MASKED
INJECTED = frozenset(('SIPGATE_TOKEN_ID', 'SIPGATE_TOKEN', 'SIPGATE_ACCESS_TOKEN', 'SIPGATE_API_URL', 'SIPGATE_SMS_ID',
                      'SIPGATE_RECIPIENTS', 'SIPGATE_DEFAULT_COUNTRY_CODE'))
ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl'


def fields():
    return CREDENTIAL_TYPE['inputs']['fields']


def field_ids():
    return [field['id'] for field in fields()]


def inject(inputs, stored=False):
    return awx_injectors.inject(CREDENTIAL_TYPE, inputs, stored=stored)


def unset(**names):
    """The injected environment with every variable empty except those given."""
    return dict(dict.fromkeys(INJECTED, ''), **names)


# --- what AWX accepts --------------------------------------------------------------------------------------------------


def test_name_description_and_kind():
    assert CREDENTIAL_TYPE['name'] == 'sipgate'
    assert 'sipgate' in CREDENTIAL_TYPE['description']
    assert CREDENTIAL_TYPE['kind'] == 'cloud'
    assert set(CREDENTIAL_TYPE) == {'name', 'description', 'kind', 'inputs', 'injectors'}


def test_input_fields_have_the_shape_awx_expects():
    assert set(CREDENTIAL_TYPE['inputs']) <= {'fields', 'required'}
    assert len(set(field_ids())) == len(field_ids()), 'field ids must be unique'
    for field in fields():
        assert set(field) <= FIELD_KEYS, field
        assert NAME.match(field['id']) and field['id'] != 'tower', field
        assert isinstance(field['label'], str) and field['label'], field
        assert field['type'] in ('string', 'boolean'), field
        if 'default' in field:
            assert isinstance(field['default'], {'string': str, 'boolean': bool}[field['type']]), field
        if field['type'] != 'string':
            assert not set(field) & {'choices', 'multiline', 'format', 'secret'}, field
    assert field_ids() == ['token_id', 'token', 'access_token', 'api_url', 'sms_id', 'alert_recipients', 'default_country_code']


def test_secrets_are_marked_secret():
    secret = dict((field['id'], field.get('secret', False)) for field in fields())
    assert secret == dict(token_id=False, token=True, access_token=True, api_url=False, sms_id=False,
                          alert_recipients=False, default_country_code=False)


def test_nothing_is_required_because_either_credential_kind_will_do():
    # Token ID and token, or an access token: AWX cannot require one of two groups; the modules say what is missing.
    assert CREDENTIAL_TYPE['inputs']['required'] == []


def test_the_api_url_field_defaults_to_the_module_default():
    assert [field.get('default') for field in fields() if field['id'] == 'api_url'] == [DEFAULT_API_URL]


def test_injectors_set_only_variables_awx_allows():
    injectors = CREDENTIAL_TYPE['injectors']
    assert set(injectors) == {'env'}
    assert set(injectors['env']) == INJECTED
    for name, template in injectors['env'].items():
        assert NAME.match(name) and isinstance(template, str)
        # AWX refuses ANSIBLE_* variables in a credential type ("may affect Ansible configuration").
        assert not name.startswith('ANSIBLE_')


@pytest.mark.parametrize('name', sorted(INJECTED))
def test_every_injector_uses_only_defined_inputs(name):
    template = CREDENTIAL_TYPE['injectors']['env'][name]
    environment = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    assert meta.find_undeclared_variables(environment.parse(template)) <= set(field_ids())
    # AWX's own check when the credential type is saved: every field set to a placeholder, undefined names fail.
    assert environment.from_string(template).render(dict.fromkeys(field_ids(), 'EXAMPLE')) == 'EXAMPLE'


# --- the environment of a job ------------------------------------------------------------------------------------------


def test_a_personal_access_token_credential():
    inputs = dict(token_id='token-6DSA7A', token=TOKEN, api_url=DEFAULT_API_URL, sms_id='s0')
    assert inject(inputs) == unset(SIPGATE_TOKEN_ID='token-6DSA7A', SIPGATE_TOKEN=TOKEN, SIPGATE_API_URL=DEFAULT_API_URL,
                                   SIPGATE_SMS_ID='s0')


def test_an_oauth_credential():
    inputs = dict(access_token=ACCESS_TOKEN, api_url=DEFAULT_API_URL, sms_id='s1')
    assert inject(inputs) == unset(SIPGATE_ACCESS_TOKEN=ACCESS_TOKEN, SIPGATE_API_URL=DEFAULT_API_URL, SIPGATE_SMS_ID='s1')


def test_with_the_failure_alert_recipients():
    inputs = dict(token_id='token-6DSA7A', token=TOKEN, sms_id='s0', alert_recipients='+4915799912345, 015799912346',
                  default_country_code='49')
    assert inject(inputs) == unset(SIPGATE_TOKEN_ID='token-6DSA7A', SIPGATE_TOKEN=TOKEN, SIPGATE_API_URL=DEFAULT_API_URL,
                                   SIPGATE_SMS_ID='s0', SIPGATE_RECIPIENTS='+4915799912345, 015799912346',
                                   SIPGATE_DEFAULT_COUNTRY_CODE='49')


def test_without_the_failure_alert_recipients():
    environment = inject(dict(token_id='token-6DSA7A', token=TOKEN, sms_id='s0', alert_recipients=''))
    assert environment['SIPGATE_RECIPIENTS'] == '' and environment['SIPGATE_DEFAULT_COUNTRY_CODE'] == ''


@pytest.mark.parametrize('api_url, expected', [
    (None, DEFAULT_API_URL),
    ('', DEFAULT_API_URL),
    ('http://127.0.0.1:8080/v2', 'http://127.0.0.1:8080/v2'),
])
def test_the_api_url_is_never_empty(api_url, expected):
    # A credential created through the API gets no field defaults from AWX.
    inputs = dict(access_token=ACCESS_TOKEN)
    if api_url is not None:
        inputs['api_url'] = api_url
    assert inject(inputs)['SIPGATE_API_URL'] == expected


def test_the_stored_environment_masks_the_secrets():
    stored = inject(dict(token_id='token-6DSA7A', token=TOKEN, access_token=ACCESS_TOKEN, sms_id='s0'), stored=True)
    assert stored['SIPGATE_TOKEN'] == MASKED and stored['SIPGATE_ACCESS_TOKEN'] == MASKED
    assert stored['SIPGATE_TOKEN_ID'] == 'token-6DSA7A'
    assert TOKEN not in repr(stored) and ACCESS_TOKEN not in repr(stored)


# --- the callback, configured by nothing but that environment ----------------------------------------------------------


def callback_with_environment(monkeypatch, environment):
    """The sipgate.io.sipgate_sms callback configured by the SIPGATE_* variables of environment alone."""
    for name in list(os.environ):
        if name.startswith('SIPGATE_'):
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    callback = callback_loader.get('sipgate.io.sipgate_sms')
    warnings = []
    callback._display = types.SimpleNamespace(verbosity=0, warning=warnings.append, warnings=warnings)
    callback.set_options()
    return callback


def test_the_callback_alerts_with_a_token_credential(monkeypatch):
    inputs = dict(token_id='token-6DSA7A', token=TOKEN, sms_id='s0', alert_recipients='+4915799912345, 015799912346',
                  default_country_code='49')
    callback = callback_with_environment(monkeypatch, inject(inputs))
    assert not callback.disabled, callback._display.warnings
    assert callback._settings['recipients'] == ['+4915799912345', '+4915799912346']
    client = callback._settings['client']
    assert (client['token_id'], client['token'], client['api_url']) == ('token-6DSA7A', TOKEN, DEFAULT_API_URL)
    assert not client['access_token']


def test_the_callback_alerts_with_an_oauth_credential(monkeypatch):
    callback = callback_with_environment(monkeypatch, inject(dict(access_token=ACCESS_TOKEN, sms_id='s1', alert_recipients='+4915799912345')))
    assert not callback.disabled, callback._display.warnings
    assert callback._settings['client']['access_token'] == ACCESS_TOKEN and callback._settings['sms_id'] == 's1'


def test_the_callback_without_recipients_warns_once_and_sends_nothing(monkeypatch):
    callback = callback_with_environment(monkeypatch, inject(dict(token_id='token-6DSA7A', token=TOKEN, sms_id='s0')))
    assert callback.disabled
    assert len(callback._display.warnings) == 1 and 'recipients is not set' in callback._display.warnings[0]
    assert TOKEN not in callback._display.warnings[0]


# --- the playbook that manages the credential type as code -------------------------------------------------------------


def test_the_playbook_creates_the_credential_type_from_the_file():
    with open(PLAYBOOK_PATH, encoding='utf-8') as handle:
        plays = yaml.safe_load(handle)
    assert len(plays) == 1
    play = plays[0]
    assert play['hosts'] == 'localhost' and play['gather_facts'] is False
    path = play['vars']['sipgate_credential_type_file'].replace('{{ playbook_dir }}', os.path.dirname(PLAYBOOK_PATH))
    assert os.path.samefile(path, CREDENTIAL_TYPE_PATH)
    assert play['vars']['sipgate_credential_type'] == \
        "{{ lookup('ansible.builtin.file', sipgate_credential_type_file) | from_yaml }}"

    tasks = dict((task['name'], task) for task in play['tasks'])
    assert len(tasks) == len(play['tasks']) == 2
    credential_type = tasks['Create or update the sipgate credential type']['awx.awx.credential_type']
    for key in ('name', 'description', 'kind', 'inputs', 'injectors'):
        assert credential_type[key] == '{{ sipgate_credential_type.%s }}' % key
    assert credential_type['state'] == 'present'

    task = tasks['Create or update the sipgate credential']
    credential = task['awx.awx.credential']
    assert credential['credential_type'] == '{{ sipgate_credential_type.name }}'
    assert credential['inputs'] == '{{ sipgate_credential_inputs }}'
    assert task['no_log'] is True
    assert task['when'] == 'sipgate_credential_name | length > 0'
    assert play['vars']['sipgate_credential_name'] == ''
