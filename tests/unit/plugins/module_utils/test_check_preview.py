# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What check mode learns without sending: the balance."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._check_preview import check_balance
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, replayed_client


@pytest.mark.parametrize('answer, balance, not_verified, problem', [
    (json_answer(200, 'balance.json'), {'amount': 123400, 'currency': 'EUR', 'value': 12.34}, [], None),
    (json_answer(200, 'balance_zero.json'), {'amount': 0, 'currency': 'EUR', 'value': 0.0}, [], 'HTTP 402'),
    (json_answer(403, 'error_403.json'), None, ['the account balance suffices (the token lacks the scope balance:read)'], None),
], ids=['positive', 'zero', 'no_scope'])
def test_check_balance(api, answer, balance, not_verified, problem):
    api.answers = [answer]
    found, unverified, found_problem = check_balance(replayed_client())
    assert found == balance
    assert unverified == ['the token may send SMS (scope sessions:sms:write)'] + not_verified
    assert (problem in found_problem) if problem else found_problem is None
