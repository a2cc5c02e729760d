# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms_caller_id: one sender number of an extension, added, verified or removed (an ExtensionSetting)."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import extension_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._extension_setting import ExtensionSetting
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    BUILT_IN_SENDER, add_caller_id, caller_id_result, delete_caller_id, find_caller_id, verify_caller_id,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank


def argument_spec():
    """The options of sipgate_sms_caller_id, as its DOCUMENTATION describes them."""
    return extension_argument_spec(
        number=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        verification_code=dict(type='str', no_log=True),
    )


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


class CallerIdSetting(ExtensionSetting):
    """Whether ``number`` is a (verified) caller id of the extension."""

    sender_option = 'number'

    def __init__(self, task):
        super(CallerIdSetting, self).__init__(task, caller_id=None, verification_pending=False)
        code = self.params['verification_code']
        self.code = code.strip() if code is not None else None
        self.entry = None
        self.before = None

    def option_problems(self):
        problems = []
        if self.params['verification_code'] is not None and is_blank(self.params['verification_code']):
            problems.append('verification_code must not be empty')
        if self.params['verification_code'] is not None and self.params['state'] == 'absent':
            problems.append('verification_code verifies a number, so it goes with state=present, not state=absent')
        return problems

    def input_problems(self):
        problems = super(CallerIdSetting, self).input_problems()
        if self.sender == BUILT_IN_SENDER and self.params['state'] == 'absent':
            problems.append('the built-in sender sipgate cannot be removed; every extension has it')
        return problems

    def compare(self, extension, caller_ids):
        self.entry = find_caller_id(caller_ids, self.sender)
        self.before = caller_id_result(self.entry)
        # Should a write fail, the result still tells the number as it was read, not as if it were gone.
        self.result.update(caller_id=self.before, verification_pending=bool(self.before and not self.before['verified']))
        action = plan(self.entry, self.params['state'], self.code)
        if action == 'add' and self.code is not None:
            self.task.warn('verification_code was not used: %s was not a caller id of %s yet, and sipgate texts the code only '
                           'after it is added.' % (self.sender, self.sms_id))
        return action

    def write(self, plan, extension, caller_ids):
        client, user_id, sms_id, entry = self.task.client, self.user_id, self.sms_id, self.entry
        writes = dict(add=lambda: add_caller_id(client, user_id, sms_id, self.sender),
                      verify=lambda: verify_caller_id(client, user_id, sms_id, entry, self.code),
                      remove=lambda: delete_caller_id(client, user_id, sms_id, entry))
        caller_ids = writes[plan]()
        self.entry = find_caller_id(caller_ids, self.sender)
        return extension, caller_ids

    def finish(self, plan, extension, caller_ids):
        number, check_mode = self.sender, self.task.check_mode
        after = expected(self.before, number, plan) if check_mode else caller_id_result(self.entry)
        self.result.update(changed=plan is not None, caller_id=caller_id_result(self.entry),
                           verification_pending=bool(after and not after['verified']),
                           msg=message(number, self.sms_id, plan, self.entry, check_mode))
        if self.task.diff:
            self.result['diff'] = self.diff(self.before or {}, after or {}, number)
        return self.result


def run(task):
    return CallerIdSetting(task).run()
