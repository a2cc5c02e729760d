# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: e164
short_description: A phone number, or a list of them, in E.164 form, checked as the sipgate.io modules check them
version_added: 1.1.0
description:
  - Normalises a phone number, or each of a list, to E.164 (V(+4915799912345)) with the rules the modules of this
    collection apply to O(sipgate.io.sipgate_sms#module:to), and fails with their message on a number they would refuse.
  - So a number is checked where it is defined, in a template, in C(group_vars) or in an inventory, and not only when a
    task sends to it.
  - Spaces, dashes, dots, slashes, parentheses, a C(00) prefix and a national trunk prefix written as C((0)) are
    accepted, as in O(sipgate.io.sipgate_sms#module:to).
author:
  - sipgate.io maintainers (@sipgate-io)
options:
  _input:
    description:
      - A phone number, or a list of them.
      - 'A number must be a string: unquoted in YAML, or on a host line of an INI inventory, V(+4915799912345) becomes
        the integer V(4915799912345), which this filter refuses with a hint, as the modules do.'
    type: raw
    required: true
  default_country_code:
    description:
      - Country calling code for national numbers, such as V(49) for Germany; a number with one leading C(0), such as
        V(015799912345), then becomes V(+4915799912345).
      - Without it, a national number fails. An empty value means unset.
    type: str
seealso:
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
- name: Send to the on-call number, checked and normalised where it is defined
  sipgate.io.sipgate_sms:
    sms_id: s0
    to: "{{ oncall_phone | sipgate.io.e164(default_country_code=49) }}"
    msg: Disk on db1 is 95% full.
  run_once: true

- name: Normalise a list of numbers
  ansible.builtin.debug:
    # ['+4915799912345', '+4915799912346']
    msg: "{{ ['0157 9991 2345', '+49 (0) 157 9991 2346'] | sipgate.io.e164(default_country_code='49') }}"

# In group_vars/all.yml: a typo in the number fails every play that uses oncall_phone, naming the number.
# oncall_phone: "{{ '0157 9991 2345' | sipgate.io.e164(default_country_code=49) }}"
'''

RETURN = r'''
_value:
  description:
    - The number in E.164 form, or for a list, the numbers in E.164 form in the order given; a number that appears
      twice (in any spelling) is kept once, as O(sipgate.io.sipgate_sms#module:to) sends to it once.
  type: raw
  sample: "+4915799912345"
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_number, normalize_recipients
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank


def e164(value, default_country_code=None):
    """``value`` (a number or a list of numbers) in E.164 form, by the rules of the modules' ``to``."""
    country_code = None if is_blank(default_country_code) else default_country_code
    try:
        if is_sequence(value):
            recipients, errors = normalize_recipients(list(value), country_code)
            if errors:
                raise PhoneNumberError('; '.join(errors))
            return [entry['recipient'] for entry in recipients]
        return normalize_number(value, country_code)
    except PhoneNumberError as error:
        raise AnsibleFilterError('sipgate.io.e164: %s' % error)


class FilterModule(object):
    def filters(self):
        return {'e164': e164}
