#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms_extension
short_description: Manage the alias and default sender of a sipgate Web SMS extension
version_added: 1.1.0
description:
  - Sets the name (alias) of one Web SMS extension and the sender its SMS go out as (its default caller id), with
    C(PUT /{userId}/sms/{smsId}) and C(PUT /{userId}/sms/{smsId}/callerids/{callerId}) of the sipgate REST API v2.
  - Reads first and writes only what differs, so a second run changes nothing.
  - Every input is checked before anything is written. A O(default_sender) that is not a verified caller id of the
    extension fails the task before any write; add and verify numbers with M(sipgate.io.sipgate_sms_caller_id).
  - After writing, it reads the extension again and returns it as it is then.
  - The token needs the scopes C(sms:read) and C(sms:write) (to rename) or C(sms:callerid:write) (to change the sender).
attributes:
  check_mode:
    details:
      - Reads the extension and its caller ids, checks every input against them, and writes nothing.
  diff_mode:
    details:
      - The diff shows the alias and default sender before and after.
options:
  alias:
    description:
      - The name of the extension in the sipgate web app, such as V(Ops alerts).
      - Not changed when not set.
    type: str
  default_sender:
    description:
      - The sender every SMS of the extension goes out as, unless a task of M(sipgate.io.sipgate_sms) chooses another
        O(sipgate.io.sipgate_sms#module:sender).
      - A phone number in any form O(sipgate.io.sipgate_sms#module:to) accepts (normalised the same way, with
        O(default_country_code)), or V(sipgate) for the built-in sender name.
      - It must be a verified caller id of the extension.
      - Not changed when not set.
    type: str
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.extension, sipgate.io.extension.MANAGED, sipgate.io.attributes]
notes:
  - The default sender is shared by everything that sends through the extension, including tasks of
    M(sipgate.io.sipgate_sms) with O(sipgate.io.sipgate_sms#module:sender) running at the same time.
seealso:
  - module: sipgate.io.sipgate_sms_caller_id
  - module: sipgate.io.sipgate_sms_extensions_info
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
# default_sender must be a verified caller id of the extension: on a fresh account, add the number with
# sipgate.io.sipgate_sms_caller_id and verify it with the code sipgate texts to it (see its examples) first.
- name: Name the extension for on-call alerts and send its SMS as a verified number
  sipgate.io.sipgate_sms_extension:
    sms_id: s1
    alias: Ops alerts
    default_sender: "+49 157 9991 2345"
  run_once: true

- name: Send as the built-in sender name again
  sipgate.io.sipgate_sms_extension:
    sms_id: s1
    default_sender: sipgate
  run_once: true
'''

RETURN = r'''
extension:
  description:
    - The extension as it is after the task (in check mode, as it is now), in the shape of an item of
      RV(sipgate.io.sipgate_sms_extensions_info#module:sms_extensions) with O(sipgate.io.sipgate_sms_extensions_info#module:caller_ids=true).
  returned: when the extension exists
  type: dict
  sample:
    id: s1
    alias: Ops alerts
    caller_id: "+4915799912345"
    default_caller_id: "+4915799912345"
    caller_ids:
      - {id: 0, number: sipgate, phonenumber: sipgate, verified: true, default: false}
      - {id: 1, number: "+4915799912345", phonenumber: "+4915799912345", verified: true, default: true}
  contains:
    id:
      description: The extension id.
      type: str
      returned: always
      sample: s1
    alias:
      description: The name of the extension.
      type: str
      returned: always
      sample: Ops alerts
    caller_id:
      description: The sender the extension uses, as the extension list reports it.
      type: str
      returned: always
      sample: "+4915799912345"
    caller_ids:
      description:
        - The caller ids of the extension, each with C(id), C(number), C(verified) and C(default), as in
          RV(sipgate.io.sipgate_sms_caller_id#module:caller_id).
        - Each also has C(phonenumber), a deprecated alias of C(number) that will be removed in version 2.0.0.
      type: list
      elements: dict
      returned: always
    default_caller_id:
      description: The number of the caller id marked default, or V(null) when none is.
      type: str
      returned: always
      sample: "+4915799912345"
changes:
  description: What was (in check mode, would be) changed, by name.
  returned: always
  type: list
  elements: str
  choices: [alias, default_sender]
  sample: [alias]
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 403}
user_id: {description: "The user the extension belongs to (given as O(user_id), or discovered).", returned: "always", type: str, sample: w0}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._extension_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
