# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The user whose extensions a module works on; every module that reads extensions takes it.
    DOCUMENTATION = r'''
options:
  user_id:
    description:
      - The sipgate user whose SMS extensions to work on, such as V(w0).
      - If not set, the user the credentials belong to, found with C(GET /authorization/userinfo).
    type: str
'''

    # The options of modules that manage one SMS extension (extension_argument_spec in module_utils/_arguments.py).
    MANAGED = r'''
options:
  sms_id:
    description:
      - The Web SMS extension to manage, V(s0), V(s1) and so on.
      - If the account has no such extension, the task fails and names the extensions it has.
      - If not set, the environment variable E(SIPGATE_SMS_ID) is used.
    type: str
    required: true
  default_country_code:
    description:
      - Country calling code for a national phone number in the options, such as V(49) for Germany; a number with one
        leading V(0), such as V(015799912345), then becomes V(+4915799912345).
      - If not set, the environment variable E(SIPGATE_DEFAULT_COUNTRY_CODE) is used.
    type: str
'''
