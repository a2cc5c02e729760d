# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # Attributes every sipgate.io module shares. A module adds the details of check_mode and diff_mode; a key a
    # module sets wins over the same key here.
    DOCUMENTATION = r'''
options: {}
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - The action runs the whole task in the controller process, without a module payload, a new interpreter or a
        connection to the managed host, unless the task is delegated to a host reached through a connection other
        than C(local).
  action_group:
    description: Use C(group/sipgate.io.sipgate) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - sipgate.io.sipgate
  async:
    description: Supports being used with the C(async) keyword.
    support: none
    details:
      - A task with C(async) fails before anything is sent; the task waits for the API itself and reports every outcome.
  delegation:
    description: Can be used in conjunction with C(delegate_to) and related keywords.
    support: full
    details:
      - Without C(delegate_to), or delegated to a host whose connection is C(local), the task runs on the controller.
        Delegated to any other host, the module runs on that host, which then needs C(requests).
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
'''

    # Read-only modules: they never change anything, so check mode and diff mode are trivial. Name it before
    # sipgate.io.attributes, so that its keys win.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    details:
      - This action does not modify state.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
'''
