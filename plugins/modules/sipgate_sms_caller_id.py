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
# Two runs: the first adds the number, and sipgate texts a code to it; the second, with -e verification_code=CODE,
# verifies it. Later runs change nothing.
- name: Add the on-call phone as a sender of s1, and verify it when the run is given the code sipgate texted
  sipgate.io.sipgate_sms_caller_id:
    sms_id: s1
    number: "+49 157 9991 2345"
    verification_code: "{{ verification_code | default(omit) }}"
  register: caller_id
  run_once: true

- name: Say what to do next while the number waits for its code
  ansible.builtin.debug:
    msg: "{{ caller_id.msg }}"
  when: caller_id.verification_pending
  run_once: true

- name: Remove a sender number
  sipgate.io.sipgate_sms_caller_id:
    sms_id: s1
    number: "+4915799912399"
    state: absent
  delegate_to: localhost
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

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule, extension_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._options import id_problems
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    BUILT_IN_SENDER, add_caller_id, caller_id_result, delete_caller_id, find_caller_id, find_sms_extension, list_caller_ids, normalize_sender,
    verify_caller_id,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank


def input_problems(params):
    """Every problem with the input, before any request; and the number in the API's form."""
    problems = id_problems(params)
    if params['verification_code'] is not None and is_blank(params['verification_code']):
        problems.append('verification_code must not be empty')
    if params['verification_code'] is not None and params['state'] == 'absent':
        problems.append('verification_code verifies a number, so it goes with state=present, not state=absent')
    number = None
    try:
        number = normalize_sender(params['number'], params['default_country_code'])
    except PhoneNumberError as error:
        problems.append('number: %s' % error)
    if number == BUILT_IN_SENDER and params['state'] == 'absent':
        problems.append('the built-in sender sipgate cannot be removed; every extension has it')
    return problems, number


def plan(entry, state, code):
    """What to do: ``add``, ``verify``, ``remove`` or None."""
    if state == 'absent':
        return 'remove' if entry is not None else None
    if entry is None:
        return 'add'
    return 'verify' if code is not None and not entry['verified'] else None


def expected(before, number, action):
    """The caller id check mode expects after ``action``."""
    if action == 'add':
        return dict(id=None, number=number, verified=False, default=False)
    if action == 'verify':
        return dict(before, verified=True)
    return None if action == 'remove' else before


def message(number, sms_id, action, entry, check_mode):
    would = 'would be' if check_mode else 'was'
    if action == 'add':
        return ('%s %s added to %s and sipgate %s it a verification code; run the task again with verification_code '
                'set to that code.' % (number, would, sms_id, 'would text' if check_mode else 'texted'))
    if action:
        return '%s %s %s.' % (number, would, 'verified' if action == 'verify' else 'removed from %s' % sms_id)
    if entry is None:
        return '%s is not a caller id of %s.' % (number, sms_id)
    if not entry['verified']:
        return ('%s is a caller id of %s waiting for verification; run the task again with verification_code set to the code '
                'sipgate texted to it.' % (number, sms_id))
    return '%s is a verified caller id of %s.' % (number, sms_id)


def main():
    module = SipgateModule(
        argument_spec=extension_argument_spec(
            number=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            verification_code=dict(type='str', no_log=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    sms_id = params['sms_id']
    problems, number = input_problems(params)
    module.fail_on_problems(problems, prefix='Nothing was changed: ')
    code = params['verification_code'].strip() if params['verification_code'] is not None else None

    result = dict(changed=False, user_id=params['user_id'], caller_id=None, verification_pending=False)
    try:
        result['user_id'] = user_id = module.user_id
        find_sms_extension(module.client, user_id, sms_id)
        entry = find_caller_id(list_caller_ids(module.client, user_id, sms_id), number)
        before = caller_id_result(entry)
        # Should a write fail, the result still tells the number as it was read, not as if it were gone.
        result.update(caller_id=before, verification_pending=bool(before and not before['verified']))
        action = plan(entry, params['state'], code)
        if action == 'add' and code is not None:
            module.warn('verification_code was not used: %s was not a caller id of %s yet, and sipgate texts the code only '
                        'after it is added.' % (number, sms_id))
        writes = dict(add=lambda: add_caller_id(module.client, user_id, sms_id, number),
                      verify=lambda: verify_caller_id(module.client, user_id, sms_id, entry, code),
                      remove=lambda: delete_caller_id(module.client, user_id, sms_id, entry))
        if action and not module.check_mode:
            entry = find_caller_id(writes[action](), number)
    except SipgateError as error:
        module.fail_on_error(error, **result)

    after = expected(before, number, action) if module.check_mode else caller_id_result(entry)
    result.update(changed=action is not None, caller_id=caller_id_result(entry), verification_pending=bool(after and not after['verified']),
                  msg=message(number, sms_id, action, entry, module.check_mode))
    if module._diff:
        result['diff'] = dict(before=before or {}, after=after or {}, before_header=number, after_header=number)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
