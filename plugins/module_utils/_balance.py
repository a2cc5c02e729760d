# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The account balance: GET /balance, its amount in whole units, and whether it pays for an SMS."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError

BALANCE_PATH = '/balance'
# The spec gives `amount` as an int32 without a unit. Clients that read it divide it by 10000: IPSymconSipgate
# (demel42/IPSymconSipgate, Sipgate/module.php: floatval($jdata['amount']) / 10000); sipgate's own libraries have
# no balance call. So `amount` is taken as ten-thousandths of `currency` (123400 = 12.34 EUR).
AMOUNT_PER_UNIT = 10000
BALANCE_HINTS = {403: 'no permission: the token lacks the scope balance:read'}


def parse_balance(answer):
    """``{amount, currency, value}`` of a BalanceResponse; ``value`` is ``amount`` in whole units of ``currency``."""
    amount = answer.get('amount') if isinstance(answer, dict) else None
    if not isinstance(amount, int) or isinstance(amount, bool) or not isinstance(answer.get('currency'), str):
        raise SipgateError('Reading the balance failed: the API answered without an integer amount and a currency.',
                           kind='invalid_response')
    return dict(amount=amount, currency=answer['currency'], value=round(amount / float(AMOUNT_PER_UNIT), 4))


def read_balance(client):
    return parse_balance(client.get(BALANCE_PATH, action='Reading the balance', hints=BALANCE_HINTS))


def balance_problem(balance):
    """Why ``balance`` cannot pay for an SMS, or None; the API answers 402 to every SMS then."""
    if balance['amount'] > 0:
        return None
    return ('the account balance is %s %s, so the API would refuse every SMS with HTTP 402 (insufficient balance); '
            'top up the sipgate account' % (_shown_value(balance['value']), balance['currency']))


def _shown_value(value):
    return ('%.4f' % value).rstrip('0').rstrip('.') if value != int(value) else '%d' % value
