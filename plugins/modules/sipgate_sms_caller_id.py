#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms_caller_id
short_description: Add, verify and remove a sender number of a sipgate Web SMS extension
version_added: 1.1.0
description:
  - Manages one sender number (caller id) of one Web SMS extension with C(POST), C(DELETE) and
    C(POST .../verification) on C(/{userId}/sms/{smsId}/callerids) of the sipgate REST API v2.
  - A number is added in two steps, because sipgate proves that you own it. The first run adds it, and sipgate
    texts a verification code to that number. Run the task again with O(verification_code) set to that code to
    verify it. Only verified numbers can send; see O(sipgate.io.sipgate_sms#module:sender) and
    O(sipgate.io.sipgate_sms_extension#module:default_sender).
  - Reads first and writes only what is needed; after writing, it reads the caller ids again and returns the number
    as it is then.
  - The token needs the scopes C(sms:read) and C(sms:callerid:write) (or C(sms:write)).
attributes:
  check_mode:
    details:
      - Reads the caller ids, checks every input against them, and writes nothing. It cannot check a verification code
        without using it.
  diff_mode:
    details:
      - The diff shows the caller id before and after (empty when it is not there).
options:
  number:
    description:
      - The sender number, in any form O(sipgate.io.sipgate_sms#module:to) accepts (normalised the same way, with
        O(default_country_code)).
      - V(sipgate), the built-in sender name, is always there and verified; it cannot be removed.
    type: str
    required: true
  state:
    description:
      - V(present) adds the number when the extension does not have it, and verifies it when O(verification_code) is set.
      - V(absent) removes it. When it was the extension's default sender, sipgate chooses another default.
    type: str
    choices: [present, absent]
    default: present
  verification_code:
    description:
      - The code sipgate texted to O(number) after it was added.
      - Used only when the number is there and not verified yet. A wrong code fails the task and leaves the number
        unverified. Never logged or returned.
      - Only with O(state=present).
    type: str
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.extension, sipgate.io.extension.MANAGED, sipgate.io.attributes]
author:
  - sipgate.io maintainers (@sipgate-io)
seealso:
  - module: sipgate.io.sipgate_sms_extension
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
- name: Add the on-call phone as a sender of s1 (sipgate texts it a verification code)
  sipgate.io.sipgate_sms_caller_id:
    sms_id: s1
    number: "+49 157 9991 2345"
  register: caller_id
  run_once: true

- name: Verify it with the code from that SMS
  sipgate.io.sipgate_sms_caller_id:
    sms_id: s1
    number: "+49 157 9991 2345"
    verification_code: "{{ sms_verification_code | default(omit) }}"
  when: caller_id.verification_pending
  run_once: true

- name: Remove a sender number
  sipgate.io.sipgate_sms_caller_id:
    sms_id: s1
    number: "+4915799912399"
    state: absent
  run_once: true
'''

RETURN = r'''
caller_id:
  description:
    - The sender number as it is after the task (in check mode, as it is now); V(null) when the extension does not
      have it.
  returned: always
  type: dict
  sample: {id: 3, number: "+4915799912345", verified: false, default: false}
  contains:
    id:
      description: The caller id's id in the API.
      type: int
      returned: success
      sample: 3
    number:
      description: The number as the API lists it.
      type: str
      returned: success
      sample: "+4915799912345"
    verified:
      description: Whether the number is verified; only verified numbers can send.
      type: bool
      returned: success
      sample: false
    default:
      description: Whether it is the extension's default sender.
      type: bool
      returned: success
      sample: false
verification_pending:
  description:
    - True when the number is there but not verified, so sipgate has texted it a verification code; run the task
      again with O(verification_code).
  returned: always
  type: bool
  sample: true
msg:
  description: What was done or is needed next, in words.
  returned: always
  type: str
  sample: "+4915799912345 was added to s1 and sipgate texted it a verification code; run the task again with verification_code set to that code."
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 400}
user_id: {description: "The user the extension belongs to (given as O(user_id), or discovered).", returned: "always", type: str, sample: w0}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._caller_id_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
