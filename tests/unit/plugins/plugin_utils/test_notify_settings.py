# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.plugin_utils._notify_settings import blank_environment_unset, option_text, read_settings
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID

# What Ansible hands the callback with the documented defaults applied.
OPTIONS = dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='https://api.sipgate.com/v2',
               validate_certs=True, timeout=30.0, retries=2, sms_id='s0', recipients=['+49 157 99912345', '0157 99912346'],
               default_country_code='49', on=['failure', 'unreachable'], max_segments=2, message_template=None,
               send_in_check_mode=False, once_within=None)


def read(**changes):
    return read_settings(dict(OPTIONS, **changes).get)


def test_valid_options():
    settings, problems, notices = read()
    assert problems == [] and notices == []
    assert settings['recipients'] == ['+4915799912345', '+4915799912346']
    assert settings['on'] == frozenset(['failure', 'unreachable'])
    assert settings['client'] == dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='https://api.sipgate.com/v2',
                                      validate_certs=True, timeout=30.0, retries=2)
    assert settings['template'] is None and settings['send_in_check_mode'] is False


def test_every_problem_at_once():
    dummy, problems, dummy = read(token=None, sms_id=' ', recipients=[' '], on=['never'], max_segments=11)
    assert [problem.split(' ')[0] for problem in problems] == ['token_id', 'sms_id', 'recipients', 'on', 'max_segments']


@pytest.mark.parametrize('changes, expected', [
    (dict(recipients=['12345']), "recipient 1: '12345' is not a valid phone number"),
    (dict(default_country_code='0049'), 'default_country_code'),
    (dict(default_country_code='  '), 'national number'),
    (dict(sms_id='x1'), "sms_id 'x1' is not a Web SMS extension id such as s0 or s1"),
    (dict(on=[]), 'on is empty'),
    (dict(max_segments=None), 'max_segments must be between 1 and 10, not None'),
])
def test_one_problem(changes, expected):
    dummy, problems, dummy = read(**changes)
    assert len(problems) == 1 and expected in problems[0]


@pytest.mark.parametrize('text, seconds', [(None, None), ('', None), ('   ', None), ('1h', 3600), (' 15m ', 900), ('3600', 3600),
                                           ('30d', 30 * 86400)])
def test_once_within_is_a_window_in_seconds_or_unset(text, seconds):
    settings, problems, dummy = read(once_within=text)
    assert problems == [] and settings['once_within'] == seconds


@pytest.mark.parametrize('text, expected', [
    ('an hour', "once_within 'an hour' is not a duration; use whole seconds such as 3600, or a number with one unit"),
    ('31d', "once_within '31d' is longer than the most it may be, 30d (2592000 seconds)"),
    ('0', "once_within must be at least 1 second, not '0'"),
])
def test_an_invalid_once_within_disables_the_callback_naming_it(text, expected):
    dummy, problems, dummy = read(once_within=text)
    assert len(problems) == 1 and problems[0].startswith(expected)


def test_a_broken_template_is_a_notice_and_the_built_in_one_is_used():
    settings, problems, notices = read(message_template='{{ status')
    assert problems == []
    assert len(notices) == 1 and notices[0].endswith('The built-in template is used instead.')
    assert settings['template'] is None


@pytest.mark.parametrize('text, problem', [
    ('true', None), ('False', None), (' yes ', None), ('0', None), (None, None),
    ('perhaps', "validate_certs is 'perhaps', which is not a boolean"), ('ture', "validate_certs is 'ture'"), ('', "validate_certs is ''"),
])
def test_booleans_are_read_strictly(text, problem):
    dummy, problems, dummy = read_settings(dict(OPTIONS).get, dict(validate_certs=text).get)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(problem)


def test_the_text_of_an_option_from_the_environment_or_ansible_cfg(tmp_path, monkeypatch):
    monkeypatch.setenv('SIPGATE_VALIDATE_CERTS', 'flase')
    assert option_text('env: SIPGATE_VALIDATE_CERTS', 'validate_certs') == 'flase'
    config = tmp_path / 'ansible.cfg'
    config.write_text('[callback_sipgate_sms]\nvalidate_certs = perhaps ; a comment\nsend_in_check_mode = 100%\n')
    assert option_text(str(config), 'validate_certs') == 'perhaps'
    assert option_text(str(config), 'send_in_check_mode') == '100%'
    assert option_text(str(config), 'missing') is None
    assert option_text('default', 'validate_certs') is None and option_text('Direct', 'validate_certs') is None


def test_blank_environment_variables_are_hidden_only_while_reading(monkeypatch):
    monkeypatch.setenv('SIPGATE_API_URL', '')
    monkeypatch.setenv('SIPGATE_SMS_ID', 's1')
    monkeypatch.setenv('OTHER_EMPTY', '')
    import os
    with blank_environment_unset() as hidden:
        assert hidden == ['SIPGATE_API_URL']
        assert 'SIPGATE_API_URL' not in os.environ and os.environ['SIPGATE_SMS_ID'] == 's1' and 'OTHER_EMPTY' in os.environ
    assert os.environ['SIPGATE_API_URL'] == ''
