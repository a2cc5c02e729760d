# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import ast
import os
import re

import pytest
import yaml

from ansible_collections.sipgate.io.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.sipgate.io.plugins.doc_fragments.extension import ModuleDocFragment as ExtensionDocFragment
from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL, MAX_RETRY_WAIT
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    CALLBACK_DEFAULT_MAX_SEGMENTS,
    CALLBACK_ENVIRONMENT,
    CALLBACK_MAX_SEGMENTS,
    CONNECTION_ENVIRONMENT,
    CONNECTION_OPTIONS,
    COUNTRY_CODE_ENVIRONMENT,
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_MAX_SEGMENTS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HISTORY_WAIT,
    LOCK_WAIT,
    MAX_HISTORY_PAUSE,
    MAX_IN_FLIGHT,
    MAX_ONCE_WITHIN,
    MAX_REPLY_WAIT,
    MAX_RETRIES,
    MAX_SEGMENTS,
    REPLY_WAIT,
    SMS_ID_ENVIRONMENT,
    client_settings,
    connection_problems,
    sms_id_problem,
    user_id_problem,
)

VALID = dict(token_id='token-6DSA7A', token='b03b4d88-640d-49ba-be33-dc8adb97e5e0', access_token=None,
             api_url='https://api.sipgate.com/v2', validate_certs=True, timeout=30.0, retries=2)


def test_valid_connection_options_have_no_problem():
    assert connection_problems(VALID) == []
    assert connection_problems(dict(VALID, token_id=None, token=None, access_token='eyJ0eXAi')) == []


@pytest.mark.parametrize('changes, words', [
    (dict(token_id=None, token=None), ['No sipgate credentials', 'SIPGATE_TOKEN_ID', 'SIPGATE_ACCESS_TOKEN']),
    (dict(token=None), ['token is missing', 'SIPGATE_TOKEN']),
    (dict(token_id=''), ['token_id is missing', 'SIPGATE_TOKEN_ID']),
    (dict(access_token='eyJ0eXAi'), ['mutually exclusive']),
    (dict(api_url=''), ['api_url must not be empty']),
    (dict(api_url='ftp://api.sipgate.com/v2'), ['not an http(s) URL']),
    (dict(timeout=0), ['timeout must be a positive number of seconds up to 3600, not 0']),
    (dict(timeout=-1.5), ['not -1.5']),
    (dict(timeout=float('inf')), ['not inf']),
    (dict(timeout=float('nan')), ['not nan']),
    (dict(timeout=1e12), ['up to 3600, not 1000000000000.0']),
    (dict(timeout=3600.5), ['not 3600.5']),
    (dict(retries=-1), ['retries must be between 0 and 10, not -1']),
    (dict(retries=11), ['not 11']),
])
def test_each_connection_problem_is_named(changes, words):
    problems = connection_problems(dict(VALID, **changes))
    assert len(problems) == 1
    for word in words:
        assert word in problems[0]


def test_every_connection_problem_is_listed_at_once():
    problems = connection_problems(dict(VALID, token=None, api_url='http://example.com/v2', timeout=0, retries=99))
    assert len(problems) == 4


def test_problems_are_phrases_that_callers_make_sentences_of():
    for problem in connection_problems(dict(VALID, token=None, timeout=0)):
        assert not problem.endswith('.')


def test_client_settings_are_the_connection_options():
    params = dict(VALID, sms_id='s0', msg='hello')
    assert client_settings(params) == VALID
    assert tuple(client_settings(params)) == CONNECTION_OPTIONS


@pytest.mark.parametrize('sms_id', ['s0', 's1', 's10', 's123'])
def test_sms_ids(sms_id):
    assert sms_id_problem(sms_id) is None


@pytest.mark.parametrize('sms_id', [None, '', 'S0', 's', 's01', 'w0', ' s0', 's-1', 's0\n', 's0 ', 's1\n\n', '\ns0'])
def test_not_sms_ids(sms_id):
    assert sms_id_problem(sms_id) == "sms_id %r is not a Web SMS extension id such as s0 or s1" % (sms_id,)


def test_a_line_break_in_an_id_is_shown_escaped():
    assert sms_id_problem('s0\n') == "sms_id 's0\\n' is not a Web SMS extension id such as s0 or s1"


@pytest.mark.parametrize('user_id, problem', [
    ('w0', None),
    ('w42', None),
    ('W0', "user_id 'W0' is not a sipgate user id such as w0"),
    ('s0', "user_id 's0' is not a sipgate user id such as w0"),
    ('w007', "user_id 'w007' is not a sipgate user id such as w0"),
    ('w0\n', "user_id 'w0\\n' is not a sipgate user id such as w0"),
])
def test_user_ids(user_id, problem):
    assert user_id_problem(user_id) == problem


def test_the_callback_reads_the_environment_variables_the_modules_read():
    plugins = yaml.safe_load(ModuleDocFragment.PLUGINS)['options']
    assert dict((option, entry['env'][0]['name']) for option, entry in plugins.items()) == CONNECTION_ENVIRONMENT


def test_the_documented_defaults_are_the_defaults():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    assert documented['timeout']['default'] == DEFAULT_TIMEOUT
    assert documented['retries']['default'] == DEFAULT_RETRIES
    assert documented['api_url']['default'] == DEFAULT_API_URL


# --- the documentation states the limits and environment variables defined here ---------------------------------------

PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'plugins')


def documentation(kind, name):
    """The options of a plugin's DOCUMENTATION, read from its file without importing it (a callback needs the controller)."""
    with open(os.path.join(PLUGINS, kind, name + '.py'), encoding='utf-8') as source:
        tree = ast.parse(source.read())
    text = next(node.value.value for node in tree.body
                if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ['DOCUMENTATION'])
    return yaml.safe_load(text)['options']


def described(option):
    return ' '.join(option['description'])


def test_the_limits_of_sipgate_sms_are_those_it_checks():
    options = documentation('modules', 'sipgate_sms')
    assert options['max_segments']['default'] == DEFAULT_MAX_SEGMENTS
    assert 'from V(1) to V(%d)' % MAX_SEGMENTS in described(options['max_segments'])
    assert options['max_in_flight']['default'] == DEFAULT_MAX_IN_FLIGHT
    assert 'from V(1) (one after the other) to V(%d)' % MAX_IN_FLIGHT in described(options['max_in_flight'])
    assert options['history_wait']['default'] == HISTORY_WAIT
    assert 'pauses of up to %g seconds' % MAX_HISTORY_PAUSE in described(options['history_wait'])
    assert 'waits at most %g seconds for the lock' % LOCK_WAIT in described(options['sender'])
    assert 'waits at most %g seconds for that lock' % LOCK_WAIT in described(options['once_within'])
    assert 'at most %d days' % (MAX_ONCE_WITHIN // 86400) in described(options['once_within'])


def test_the_limits_of_sipgate_sms_wait_for_reply_are_those_it_checks():
    options = documentation('modules', 'sipgate_sms_wait_for_reply')
    assert options['wait']['default'] == REPLY_WAIT
    assert 'from 0 (one look into the history) to %d' % MAX_REPLY_WAIT in described(options['wait'])
    assert 'E(%s)' % COUNTRY_CODE_ENVIRONMENT in described(options['default_country_code'])


def test_the_limits_of_the_connection_options_are_those_checked():
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    assert 'from V(0) to V(%d)' % MAX_RETRIES in described(options['retries'])
    assert 'at most %g seconds' % MAX_RETRY_WAIT in described(options['retries'])


def test_the_limits_of_the_callback_are_those_it_checks():
    options = documentation('callback', 'sipgate_sms')
    assert options['max_segments']['default'] == CALLBACK_DEFAULT_MAX_SEGMENTS
    assert 'from V(1) to V(%d)' % CALLBACK_MAX_SEGMENTS in described(options['max_segments'])
    assert 'at most %d days' % (MAX_ONCE_WITHIN // 86400) in described(options['once_within'])


def test_the_callback_reads_the_environment_variables_named_here():
    options = documentation('callback', 'sipgate_sms')
    own = dict((name, entry['env'][0]['name']) for name, entry in options.items() if entry.get('env'))
    assert own == CALLBACK_ENVIRONMENT


@pytest.mark.parametrize('module, variables', [
    ('sipgate_sms', dict(sms_id=SMS_ID_ENVIRONMENT, default_country_code=COUNTRY_CODE_ENVIRONMENT)),
    ('sipgate_sms_history_info', dict(default_country_code=COUNTRY_CODE_ENVIRONMENT)),
])
def test_modules_name_the_environment_variables_of_their_own_options(module, variables):
    options = documentation('modules', module)
    for option, variable in variables.items():
        assert 'E(%s)' % variable in described(options[option])


def test_the_extension_fragment_names_the_environment_variables():
    options = yaml.safe_load(ExtensionDocFragment.DOCUMENTATION)['options']
    options.update(yaml.safe_load(ExtensionDocFragment.MANAGED)['options'])
    assert 'E(%s)' % SMS_ID_ENVIRONMENT in described(options['sms_id'])
    assert 'E(%s)' % COUNTRY_CODE_ENVIRONMENT in described(options['default_country_code'])


def test_the_connection_fragment_names_the_environment_variable_of_each_option():
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    for option, variable in CONNECTION_ENVIRONMENT.items():
        assert re.search(r'E\(%s\)' % variable, described(options[option])), option
