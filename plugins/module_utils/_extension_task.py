# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms_extension: an extension's alias and default sender (an ExtensionSetting)."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import extension_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._extension_setting import ExtensionSetting
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    default_caller_id, extension_with_caller_ids, find_caller_id, find_sms_extension, list_caller_ids, sender_problem, set_alias,
    set_default_caller_id,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank


def argument_spec():
    """The options of sipgate_sms_extension, as its DOCUMENTATION describes them."""
    return extension_argument_spec(alias=dict(type='str'), default_sender=dict(type='str'))


class ExtensionSettings(ExtensionSetting):
    """The alias and the default sender of the extension; RV(changes) lists what was written, in that order."""

    sender_option = 'default_sender'

    def __init__(self, task):
        super(ExtensionSettings, self).__init__(task, changes=[])
        self.before = None
        self.planned = []

    def option_problems(self):
        if self.params['alias'] is not None and is_blank(self.params['alias']):
            return ['alias must not be empty or only whitespace']
        return []

    def compare(self, extension, caller_ids):
        """What differs from the wish: ``alias`` and ``default_sender``, in that order."""
        self.before = dict(alias=extension['alias'], default_sender=default_caller_id(caller_ids))
        problem = sender_problem(caller_ids, self.sender, self.sms_id) if self.sender is not None else None
        if problem:
            self.result['extension'] = extension_with_caller_ids(extension, caller_ids)
            self.task.fail('Nothing was changed: default_sender: %s.' % problem, **self.result)
        if self.params['alias'] is not None and self.params['alias'] != extension['alias']:
            self.planned.append('alias')
        # Through the caller id list, where numbers are matched in E.164 form whatever form the API lists them in.
        if self.sender is not None and not find_caller_id(caller_ids, self.sender)['default']:
            self.planned.append('default_sender')
        if self.task.check_mode:
            self.result['changes'] = list(self.planned)
        return self.planned

    def write(self, plan, extension, caller_ids):
        client = self.task.client
        # changes lists only what was written: when a later write fails, the result tells what did change.
        if 'alias' in plan:
            extension = set_alias(client, self.user_id, self.sms_id, self.params['alias'])
            self.result['changes'].append('alias')
        if 'default_sender' in plan:
            caller_ids = set_default_caller_id(client, self.user_id, self.sms_id, find_caller_id(caller_ids, self.sender))
            self.result['changes'].append('default_sender')
            extension = find_sms_extension(client, self.user_id, self.sms_id)
        return extension, caller_ids

    def failed(self, error):
        prefix = ''
        done = self.result['changes']
        if done:
            self.result['changed'] = True
            not_changed = [name for name in self.planned if name not in done]
            prefix = '%s was changed, %s was not: ' % (', '.join(done), ', '.join(not_changed))
            try:
                self.result['extension'] = extension_with_caller_ids(find_sms_extension(self.task.client, self.user_id, self.sms_id),
                                                                     list_caller_ids(self.task.client, self.user_id, self.sms_id))
            except SipgateError:
                pass
        self.task.fail_on_error(error, prefix=prefix, **self.result)

    def finish(self, plan, extension, caller_ids):
        result = self.result
        result.update(changed=bool(result['changes']), extension=extension_with_caller_ids(extension, caller_ids))
        if self.task.diff:
            wished = dict(alias=self.params['alias'], default_sender=self.sender)
            after = dict(self.before, **dict((name, wished[name]) for name in result['changes']))
            result['diff'] = self.diff(self.before, after, self.sms_id)
        return result


def run(task):
    return ExtensionSettings(task).run()
