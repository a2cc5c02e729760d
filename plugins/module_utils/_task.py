# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task layer: what a module does, as a plain function over validated parameters, without AnsibleModule.

Each module's logic is a function ``run(task)`` in a file of its own (such as _sms_task), over a Task: the validated
parameters, check and diff mode, the warnings and deprecations it collects, and the API client. It returns the result,
or raises TaskFailed with the partial result. The module's main() runs it through SipgateModule (_module), and the
action plugin of the same name runs it in the controller process (plugins/plugin_utils/_action.py); both validate with
the argument spec of the same file, so both paths give the same result.
"""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient, SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._options import client_settings, connection_problems
from ansible_collections.sipgate.io.plugins.module_utils._text import sentences

COLLECTION_NAME = 'sipgate.io'


class TaskFailed(Exception):
    """The task fails with ``msg``; ``result`` holds what it found out and did before, as the failed result shows it."""

    def __init__(self, msg, **result):
        super(TaskFailed, self).__init__(msg)
        self.msg = msg
        self.result = result


class Task(object):
    """One run of a module's logic: validated ``params``, check and diff mode, collected warnings and deprecations.

    The API client is made by ``client_factory`` on first use, so that invalid input fails before any connection,
    and closed by close() (or leaving the ``with`` block).
    """

    def __init__(self, params, check_mode=False, diff=False, client_factory=SipgateClient):
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self.warnings = []
        # Each a dict of msg and version or date, with collection_name, as AnsibleModule.deprecate() takes them.
        self.deprecations = []
        self._client_factory = client_factory
        self._client = None
        self._user_id = params.get('user_id')
        # Checked here, so that no task can reach the API with connection options fail_on_problems did not see.
        self.connection_problems = connection_problems(params)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        if self._client is not None:
            self._client.close()
            self._client = None

    def warn(self, msg):
        self.warnings.append(msg)

    def deprecate(self, msg, version=None, date=None):
        self.deprecations.append(dict(msg=msg, version=version, date=date, collection_name=COLLECTION_NAME))

    @staticmethod
    def fail(msg, **result):
        raise TaskFailed(msg, **result)

    def fail_on_problems(self, problems, prefix='', **result):
        """End the task before any request when the input has problems, listing them all at once."""
        problems = self.connection_problems + list(problems)
        if problems:
            result.setdefault('changed', False)
            self.fail(prefix + sentences(problems), **result)

    def fail_on_error(self, error, prefix='', **result):
        """End the task with a SipgateError, keeping whatever partial result was built."""
        result.setdefault('changed', False)
        if error.status is not None:
            result.setdefault('http_status', error.status)
        self.fail(prefix + str(error), **result)

    @property
    def client(self):
        """The API client; created on first use so that invalid input fails before any connection."""
        if self._client is None:
            if self.connection_problems:
                self.fail(sentences(self.connection_problems), changed=False)
            try:
                self._client = self._client_factory(**client_settings(self.params))
            except SipgateError as error:
                self.fail(str(error))
        return self._client

    @property
    def user_id(self):
        """The user id to work on: the option user_id, or the user the credentials belong to."""
        if self._user_id is None:
            # Imported only when needed: a plain send does not read extensions and does not pay for compiling them.
            from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import authenticated_user_id
            self._user_id = authenticated_user_id(self.client)
        return self._user_id


def run_task(function, task):
    """``(failed, result)`` of running ``function(task)``: the result, or the partial one with ``msg`` and ``failed``.

    Warnings and deprecations stay in ``task``, for the caller to hand over as its way of running shows them.
    """
    try:
        with task:
            return False, function(task)
    except TaskFailed as failure:
        return True, dict(failure.result, msg=failure.msg)
