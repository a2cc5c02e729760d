# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.plugin_utils._notify_settings import read_settings
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID

# What Ansible hands the callback with the documented defaults applied.
OPTIONS = dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='https://api.sipgate.com/v2',
               validate_certs=True, timeout=30.0, retries=2, sms_id='s0', recipients=['+49 157 99912345', '0157 99912346'],
               default_country_code='49', on=['failure', 'unreachable'], max_segments=2, message_template=None,
               send_in_check_mode=False)


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


def test_a_broken_template_is_a_notice_and_the_built_in_one_is_used():
    settings, problems, notices = read(message_template='{{ status')
    assert problems == []
    assert len(notices) == 1 and notices[0].endswith('The built-in template is used instead.')
    assert settings['template'] is None
