# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SipgateModule: what a module says before it does anything, and how it runs its task function."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _module
from ansible_collections.sipgate.io.plugins.module_utils._arguments import module_argument_spec
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID


# --- what a module says before it does anything -------------------------------------------------------------------------


class _Module(object):
    """A module whose task function uses the client without calling fail_on_problems."""

    @staticmethod
    def main():
        _module.SipgateModule(module_argument_spec()).run(lambda task: dict(changed=False, userinfo=task.client.userinfo()))


def test_missing_required_options_name_their_environment_variable(api, run_module):
    from ansible_collections.sipgate.io.plugins.modules import sipgate_sms
    rc, dummy, result = run_module(sipgate_sms, dict(token_id=TOKEN_ID, token=TOKEN, to='+4915799912345', msg='Hello'))
    assert rc == 1
    assert result['msg'].startswith('missing required arguments: sms_id')
    assert result['msg'].endswith(': set sms_id, or the environment variable SIPGATE_SMS_ID.')
    assert api.requests == []


def test_without_requests_the_message_says_where_to_run_the_task(api, run_module, monkeypatch):
    monkeypatch.setattr(_module, 'HAS_REQUESTS', False)
    rc, dummy, result = run_module(_Module(), dict(token_id=TOKEN_ID, token=TOKEN))
    assert rc == 1
    assert result['msg'].startswith('Failed to import the required Python library (requests)')
    assert 'Install requests for the Python that runs modules there' in result['msg']


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
