# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import yaml

from ansible_collections.sipgate.io.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    CONNECTION_ENVIRONMENT,
    CONNECTION_OPTIONS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
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
