# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_balance_info: the account balance."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import module_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._balance import read_balance
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError


def argument_spec():
    """The options of sipgate_balance_info: the connection options only."""
    return module_argument_spec()


def run(task):
    task.fail_on_problems([])
    try:
        balance = read_balance(task.client)
    except SipgateError as error:
        task.fail_on_error(error)
    return dict(changed=False, balance=balance)
