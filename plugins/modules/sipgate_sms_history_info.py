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
    since: "{{ '%Y-%m-%dT18:00:00+01:00' | strftime((now().timestamp() - 86400) | int) }}"
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

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._history_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
