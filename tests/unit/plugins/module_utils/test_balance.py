# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The account balance: parsing, and whether it pays for an SMS."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._balance import balance_problem, parse_balance, read_balance
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, replayed_client


def test_balance_is_read_as_ten_thousandths(api):
    api.answers = [json_answer(200, 'balance.json')]
    assert read_balance(replayed_client()) == {'amount': 123400, 'currency': 'EUR', 'value': 12.34}
    assert api.requests[0].path_url == '/v2/balance'


@pytest.mark.parametrize('answer', [{}, {'amount': '5', 'currency': 'EUR'}, {'amount': True, 'currency': 'EUR'}, {'amount': 5}, []])
def test_a_balance_without_amount_and_currency_is_an_invalid_answer(answer):
    with pytest.raises(SipgateError) as caught:
        parse_balance(answer)
    assert caught.value.kind == 'invalid_response'


@pytest.mark.parametrize('amount, problem', [(1, False), (0, True), (-5000, True)])
def test_a_balance_of_zero_or_less_is_a_problem(amount, problem):
    found = balance_problem(parse_balance({'amount': amount, 'currency': 'EUR'}))
    assert (found is not None) is problem
    if problem:
        assert 'HTTP 402' in found and '%s EUR' % ('0' if amount == 0 else '-0.5') in found
