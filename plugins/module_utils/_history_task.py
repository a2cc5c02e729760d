# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms_history_info: the SMS of the account history, filtered."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import from_environment, module_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._history import list_history, sms_entry
from ansible_collections.sipgate.io.plugins.module_utils._options import COUNTRY_CODE_ENVIRONMENT, sms_id_problem
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_number
from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, parse_send_at, to_unix_seconds


def argument_spec():
    """The options of sipgate_sms_history_info, as its DOCUMENTATION describes them."""
    return module_argument_spec(
        sms_id=dict(type='str'),
        recipient=dict(type='str'),
        default_country_code=dict(type='str', fallback=from_environment(COUNTRY_CODE_ENVIRONMENT)),
        direction=dict(type='str', default='outgoing', choices=['outgoing', 'incoming', 'any']),
        since=dict(type='raw'),
        until=dict(type='raw'),
        limit=dict(type='int', default=100),
    )


def input_problems(params):
    """Every problem with the input, and the filters of the history: ``(problems, filters)``."""
    problems = [sms_id_problem(params['sms_id'])] if params['sms_id'] is not None else []
    filters = dict(sms_id=params['sms_id'], direction=params['direction'])
    if params['limit'] < 1:
        problems.append('limit must be 1 or more, not %d' % params['limit'])
    if params['recipient'] is not None:
        try:
            filters['phonenumber'] = normalize_number(params['recipient'], params['default_country_code'])
        except PhoneNumberError as error:
            problems.append('recipient: %s' % error)
    for name in ('since', 'until'):
        if params[name] is not None:
            try:
                filters[name] = to_unix_seconds(parse_send_at(params[name]))
            except ScheduleError as error:
                problems.append(str(error).replace('send_at', name, 1))
    return [problem for problem in problems if problem], filters


def run(task):
    problems, filters = input_problems(task.params)
    task.fail_on_problems(problems, sms=[])
    try:
        entries = [sms_entry(item) for item in list_history(task.client, limit=task.params['limit'], **filters)]
    except SipgateError as error:
        task.fail_on_error(error, sms=[])
    return dict(changed=False, sms=entries)
