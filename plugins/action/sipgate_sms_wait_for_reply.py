# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action of sipgate.io.sipgate_sms_wait_for_reply: its task in the controller process, or the module on the delegated host."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils import _wait_for_reply_task
from ansible_collections.sipgate.io.plugins.plugin_utils._action import SipgateAction


class ActionModule(SipgateAction):
    TASK = _wait_for_reply_task
