# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only filter for check.yml: the number of SMS parts of a text, counted by the collection's own _gsm.py."""
from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info


def sipgate_sms_parts(text):
    return message_info(text)['segments']


class FilterModule(object):
    def filters(self):
        return {'sipgate_sms_parts': sipgate_sms_parts}
