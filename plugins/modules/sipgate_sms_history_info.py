#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms_history_info
short_description: List the SMS in the history of a sipgate account
version_added: 1.1.0
description:
  - Lists the SMS of the account's history, newest first, with C(GET /history) of the sipgate REST API v2, for example
    to see whether the on-call engineer was texted last night, and what.
  - Reads page after page (up to 1000 entries each) until O(limit) entries are found.
  - The token needs the scope C(history:read).
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.attributes.INFO_MODULE, sipgate.io.attributes]
options:
  sms_id:
    description:
      - Only SMS of this Web SMS extension, such as V(s0).
    type: str
  recipient:
    description:
      - Only SMS to (or, with O(direction=incoming), from) this number, in any form
        O(sipgate.io.sipgate_sms#module:to) accepts; it is normalised the same way, with O(default_country_code).
      - With O(direction=any), the API matches it on either side, so both the SMS sent to it and those received from it.
    type: str
  default_country_code:
    description:
      - Country calling code for a national number in O(recipient), such as V(49) for Germany.
      - If not set, the environment variable E(SIPGATE_DEFAULT_COUNTRY_CODE) is used.
    type: str
  direction:
    description:
      - V(outgoing) the SMS the account sent, V(incoming) those it received, V(any) both.
    type: str
    choices: [outgoing, incoming, any]
    default: outgoing
  since:
    description:
      - Only SMS from this time on, in the forms O(sipgate.io.sipgate_sms#module:send_at) takes (ISO 8601, with or
        without offset, or Unix seconds), but also in the past.
    type: raw
  until:
    description:
      - Only SMS up to this time, in the forms of O(since).
    type: raw
  limit:
    description:
      - The most entries to return, the newest.
    type: int
    default: 100
seealso:
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
- name: What did the alert extension text the on-call engineer since yesterday evening?
  sipgate.io.sipgate_sms_history_info:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
    sms_id: s0
    recipient: "+49 157 9991 2345"
    # 18:00 yesterday in the controller's time zone; %z is its UTC offset on that day, summer time included.
    since: "{{ '%Y-%m-%dT18:00:00%z' | strftime((now().timestamp() - 86400) | int) }}"
  register: history

- name: Show them
  ansible.builtin.debug:
    msg: "{{ history.sms | map(attribute='created') | zip(history.sms | map(attribute='text')) | list }}"
'''

RETURN = r'''
sms:
  description: The SMS of the history, newest first, at most O(limit).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id of the history entry.
      type: str
      returned: always
      sample: "100001234"
    created:
      description: When the SMS was sent or received, ISO 8601 in UTC, to the second.
      type: str
      returned: always
      sample: "2026-12-01T07:30:05Z"
    direction:
      description: V(outgoing) or V(incoming).
      type: str
      returned: always
      sample: outgoing
    sms_id:
      description: The Web SMS extension, or V(null) when the entry names none.
      type: str
      returned: always
      sample: s0
    sender:
      description: The number or name it was sent from.
      type: str
      returned: always
      sample: "+4915799912345"
    recipient:
      description: The number it was sent to, in E.164 form.
      type: str
      returned: always
      sample: "+4915799912346"
    text:
      description: The text of the SMS.
      type: str
      returned: always
      sample: Disk on db1 is 95% full.
    scheduled:
      description: The time it was scheduled for, or V(null) for an SMS sent at once.
      type: str
      returned: always
      sample: null
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 403}
'''

from ansible_collections.sipgate.io.plugins.module_utils._account import list_history, sms_entry
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule, from_environment
from ansible_collections.sipgate.io.plugins.module_utils._options import COUNTRY_CODE_ENVIRONMENT, sms_id_problem
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_number
from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, parse_send_at, to_unix_seconds


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


def main():
    module = SipgateModule(
        argument_spec=dict(
            sms_id=dict(type='str'),
            recipient=dict(type='str'),
            default_country_code=dict(type='str', fallback=from_environment(COUNTRY_CODE_ENVIRONMENT)),
            direction=dict(type='str', default='outgoing', choices=['outgoing', 'incoming', 'any']),
            since=dict(type='raw'),
            until=dict(type='raw'),
            limit=dict(type='int', default=100),
        ),
        supports_check_mode=True,
    )
    problems, filters = input_problems(module.params)
    module.fail_on_problems(problems, sms=[])
    try:
        entries = [sms_entry(item) for item in list_history(module.client, limit=module.params['limit'], **filters)]
    except SipgateError as error:
        module.fail_on_error(error, sms=[])
    module.exit_json(changed=False, sms=entries)


if __name__ == '__main__':
    main()
