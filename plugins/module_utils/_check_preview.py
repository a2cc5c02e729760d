# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""What check mode of sipgate_sms learns without sending: the extension exists, the balance suffices."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._balance import balance_problem, read_balance
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError

# What only sending shows: the API has no read-only call that checks it.
NOT_VERIFIED_IN_CHECK_MODE = ('the token may send SMS (scope sessions:sms:write)',)
BALANCE_NOT_VERIFIED = 'the account balance suffices'


def check_balance(client):
    """What check mode learns from GET /balance: ``(balance or None, not verified, problem or None)``.

    ``problem`` is set when the balance is zero or less, as every SMS would then fail with HTTP 402. Without the scope
    balance:read (or when the balance cannot be read) the balance stays among what was not verified, saying why.
    """
    not_verified = list(NOT_VERIFIED_IN_CHECK_MODE)
    try:
        balance = read_balance(client)
    except SipgateError as error:
        why = 'the token lacks the scope balance:read' if error.status == 403 else str(error).rstrip('.')
        return None, not_verified + ['%s (%s)' % (BALANCE_NOT_VERIFIED, why)], None
    return balance, not_verified, balance_problem(balance)


def check_mode_preview(client, user_id, sms_id):
    """What check mode learns without sending: ``(warnings, balance or None, not verified, problem or None)``.

    It checks that ``sms_id`` exists (only a warning where the token may not read extensions) and reads the balance
    (check_balance); ``problem`` says why the real run would fail.
    """
    # Imported here: a plain send never reads the extensions.
    from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import confirm_sms_extension
    warning = confirm_sms_extension(client, user_id, sms_id)
    balance, not_verified, problem = check_balance(client)
    return [warning] if warning else [], balance, not_verified, problem
