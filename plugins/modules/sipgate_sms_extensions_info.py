#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms_extensions_info
short_description: List the Web SMS extensions of a sipgate account
version_added: 1.0.0
description:
  - Lists the Web SMS extensions (V(s0), V(s1), ...) of a sipgate account with C(GET /{userId}/sms) of the sipgate
    REST API v2, optionally with the sender numbers (caller ids) of each.
  - Use it while provisioning to find the extension to send from, for example by its alias.
  - Also available as C(sipgate.io.sipgate_sms_extensions).
  - The token needs the scope C(sms:read).
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.extension, sipgate.io.attributes.INFO_MODULE, sipgate.io.attributes]
options:
  sms_id:
    description:
      - Return only this extension, such as V(s0).
      - When the account has no such extension, RV(sms_extensions) is an empty list and the task does not fail,
        as usual for info modules; test the length of RV(sms_extensions) to treat that as an error.
      - C(module_defaults) for the group C(group/sipgate.io.sipgate) apply here too, so set a default O(sms_id) for
        M(sipgate.io.sipgate_sms) alone, not for the group, or this module lists only that extension.
    type: str
  caller_ids:
    description:
      - Also fetch the sender numbers of each extension with C(GET /{userId}/sms/{smsId}/callerids).
      - One request per extension, all over one connection.
    type: bool
    default: false
notes:
  - The sipgate API has no call that reads a single SMS extension; O(sms_id) filters the list.
seealso:
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
- name: List the SMS extensions of the account the token belongs to
  sipgate.io.sipgate_sms_extensions_info:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
  register: sms_info

- name: Provision a host with the extension whose alias is "Ops alerts", then send through it
  module_defaults:
    group/sipgate.io.sipgate:
      token_id: "{{ sipgate_token_id }}"
      token: "{{ sipgate_token }}"
  block:
    - name: Look up the extensions
      sipgate.io.sipgate_sms_extensions_info:
      register: sms_info
      run_once: true

    - name: Remember the extension id for this host
      ansible.builtin.set_fact:
        alert_sms_id: "{{ sms_info.sms_extensions | selectattr('alias', 'equalto', 'Ops alerts') | map(attribute='id') | first }}"

    - name: Write it into the monitoring configuration (monitoring_sms_conf, such as /etc/monitoring/sms.conf)
      ansible.builtin.lineinfile:
        path: "{{ monitoring_sms_conf }}"
        create: true
        mode: "0644"
        regexp: '^sms_id='
        line: "sms_id={{ alert_sms_id }}"

    - name: Send a test SMS through it
      sipgate.io.sipgate_sms:
        sms_id: "{{ alert_sms_id }}"
        to: "{{ oncall_phone }}"
        msg: "{{ inventory_hostname }} now sends its alerts from {{ alert_sms_id }}."

- name: Find the default sender of extension s0
  sipgate.io.sipgate_sms_extensions_info:
    sms_id: s0
    caller_ids: true
  register: s0_info

- name: Fail when the account has no s0
  ansible.builtin.assert:
    that: s0_info.sms_extensions | length == 1
    fail_msg: The account has no SMS extension s0; book Web SMS first.

- name: Show the default sender
  ansible.builtin.debug:
    msg: "s0 sends as {{ s0_info.sms_extensions[0].default_caller_id }}"
'''

RETURN = r'''
user_id: {description: "The user whose extensions were listed (given as O(user_id), or discovered).", returned: "always", type: str, sample: w0}
sms_extensions:
  description:
    - The Web SMS extensions, in the order the API lists them.
    - Empty when the account has none, or none with the id O(sms_id).
  returned: always
  type: list
  elements: dict
  sample:
    - id: s0
      alias: SMS von Douglas Engelbart
      caller_id: "+4915799912345"
    - id: s1
      alias: Ops alerts
      caller_id: sipgate
  contains:
    id:
      description: The extension id to use as O(sipgate.io.sipgate_sms#module:sms_id).
      type: str
      returned: always
      sample: s0
    alias:
      description: The name of the extension in the sipgate web app.
      type: str
      returned: always
      sample: Ops alerts
    caller_id:
      description: The sender the extension currently uses, a phone number or a name such as V(sipgate).
      type: str
      returned: always
      sample: "+4915799912345"
    caller_ids:
      description: The sender numbers the extension can use.
      type: list
      elements: dict
      returned: when O(caller_ids=true)
      contains:
        id:
          description: The caller id's number in the API.
          type: int
          returned: always
          sample: 1
        number:
          description: The sender number, or V(sipgate) for the default sender name; as in RV(sipgate.io.sipgate_sms_caller_id#module:caller_id.number).
          type: str
          returned: always
          sample: "+4915799912345"
        phonenumber:
          description:
            - Deprecated alias of RV(sms_extensions[].caller_ids[].number), with the same value; use C(number). It will be
              removed in version 2.0.0.
          type: str
          returned: always
          sample: "+4915799912345"
        verified:
          description: Whether the number is verified; only verified numbers can be used as sender.
          type: bool
          returned: always
          sample: true
        default:
          description: Whether this is the extension's default sender.
          type: bool
          returned: always
          sample: true
    default_caller_id:
      description: The number of the caller id marked default, or V(null) when none is.
      type: str
      returned: when O(caller_ids=true)
      sample: "+4915799912345"
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 403}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._extensions_info_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
