# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The base of the modules that manage a setting of one SMS extension: read, compare, write, read back.

sipgate_sms_extension (_extension_task) and sipgate_sms_caller_id (_caller_id_task) are subclasses of ExtensionSetting.
It checks the input (the ids, and a sender number normalised as the API lists it), finds the user and the extension,
reads its caller ids, lets the subclass compare and write (each write of _sms_extensions is read back), and shapes the
diff. Check mode reads and compares, and writes nothing.
"""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._options import id_problems
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import find_sms_extension, list_caller_ids, normalize_sender


class ExtensionSetting(object):
    """One run of a managing module over ``task`` (a _task.Task); subclasses define compare() and write().

    ``sender_option`` names the option that holds a sender (a phone number, or sipgate): it is normalised as the API
    lists senders, into ``self.sender``.
    """

    sender_option = None

    def __init__(self, task, **result):
        self.task = task
        self.params = task.params
        self.sms_id = self.params['sms_id']
        self.user_id = None
        self.sender = None
        self.result = dict(changed=False, user_id=self.params['user_id'], **result)

    def option_problems(self):
        """What is wrong with the options of the subclass, before the sender is normalised."""
        return []

    def input_problems(self):
        """Every problem with the input, before any request: the ids, option_problems(), the sender."""
        problems = id_problems(self.params) + self.option_problems()
        value = self.params[self.sender_option] if self.sender_option else None
        if value is not None:
            try:
                self.sender = normalize_sender(value, self.params['default_country_code'])
            except PhoneNumberError as error:
                problems.append('%s: %s' % (self.sender_option, error))
        return problems

    def read(self):
        """``(extension, caller_ids)`` as the API has them now; the user is that of the credentials unless user_id is set."""
        self.result['user_id'] = self.user_id = self.task.user_id
        extension = find_sms_extension(self.task.client, self.user_id, self.sms_id)
        return extension, list_caller_ids(self.task.client, self.user_id, self.sms_id)

    def compare(self, extension, caller_ids):
        """What to write, or something false when the extension is as wished."""
        raise NotImplementedError

    def write(self, plan, extension, caller_ids):
        """Carry out ``plan``; return ``(extension, caller_ids)`` as read back."""
        raise NotImplementedError

    def failed(self, error):
        """End the task with ``error`` of a request, keeping the result so far; subclasses tell partial writes."""
        self.task.fail_on_error(error, **self.result)

    def finish(self, plan, extension, caller_ids):
        """The result of the task, once ``plan`` was carried out (or, in check mode, would be)."""
        raise NotImplementedError

    def diff(self, before, after, header):
        return dict(before=before, after=after, before_header=header, after_header=header)

    def run(self):
        self.task.fail_on_problems(self.input_problems(), prefix='Nothing was changed: ')
        try:
            extension, caller_ids = self.read()
            plan = self.compare(extension, caller_ids)
            if plan and not self.task.check_mode:
                extension, caller_ids = self.write(plan, extension, caller_ids)
        except SipgateError as error:
            self.failed(error)
        return self.finish(plan, extension, caller_ids)
