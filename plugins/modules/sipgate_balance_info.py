#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_balance_info
short_description: Read the balance of a sipgate account
version_added: 1.1.0
description:
  - Reads the account balance with C(GET /balance) of the sipgate REST API v2, for example to fail a nightly job or
    text a warning before the balance runs out; every SMS fails with HTTP 402 once it is used up.
  - The token needs the scope C(balance:read).
  - 'The API documents C(amount) as an integer without a unit. This module takes it as ten-thousandths of the
    currency, as the clients that read it do: IPSymconSipgate (U(https://github.com/demel42/IPSymconSipgate), file
    C(Sipgate/module.php)) divides it by 10000. sipgate''s own libraries (sipgateio-node and the sipgate.io
    examples) have no balance call. RV(balance.value) is that reading; RV(balance.amount) is the number as the API
    gave it.'
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.attributes.INFO_MODULE, sipgate.io.attributes]
seealso:
  - module: sipgate.io.sipgate_sms
  - module: sipgate.io.sipgate_sms_history_info
'''

EXAMPLES = r'''
- name: Read the balance
  sipgate.io.sipgate_balance_info:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
  register: account

- name: Fail below 5 EUR
  ansible.builtin.assert:
    that: account.balance.value >= 5
    fail_msg: "Only {{ account.balance.value }} {{ account.balance.currency }} left: top up the sipgate account."
'''

RETURN = r'''
balance:
  description: The account balance.
  returned: success
  type: dict
  contains:
    amount:
      description: The balance as the API gives it, in ten-thousandths of RV(balance.currency).
      type: int
      returned: always
      sample: 123400
    currency:
      description: The currency, such as V(EUR).
      type: str
      returned: always
      sample: EUR
    value:
      description: RV(balance.amount) divided by 10000, in whole units of RV(balance.currency).
      type: float
      returned: always
      sample: 12.34
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 403}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._balance_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
