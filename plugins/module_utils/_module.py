# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""SipgateModule: the AnsibleModule that validates a module's argument spec and runs its task function (_task)."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.sipgate.io.plugins.module_utils._arguments import environment_hint, url_no_log_values
from ansible_collections.sipgate.io.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.sipgate.io.plugins.module_utils._task import Task, run_task

# Why requests is needed where the module runs: the task is delegated to this host, or its action plugin was bypassed.
REQUESTS_REASON = ('to reach the sipgate API from the host the task runs on. Install requests for the Python that runs '
                   'modules there, or run the task on the controller (without delegate_to), with requests installed '
                   'for the Python of ansible-playbook')


class SipgateModule(AnsibleModule):
    """An AnsibleModule over the whole ``argument_spec`` of a module, which runs the module's task function."""

    def __init__(self, argument_spec, supports_check_mode=True, **kwargs):
        super(SipgateModule, self).__init__(argument_spec=argument_spec, supports_check_mode=supports_check_mode, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests', reason=REQUESTS_REASON))

    def fail_json(self, msg, **kwargs):
        # AnsibleModule fails here on a missing required option; tell which environment variable would set it.
        super(SipgateModule, self).fail_json(msg=environment_hint(msg, self.argument_spec), **kwargs)

    def _log_invocation(self):
        # AnsibleModule logs the arguments here and masks no_log values in every result (its invocation included).
        self.no_log_values.update(url_no_log_values(self.params.get('api_url')))
        # Blank text is no secret, and masking every space would garble each message.
        self.no_log_values.difference_update([value for value in self.no_log_values if not value.strip()])
        super(SipgateModule, self)._log_invocation()

    def run(self, function):
        """Run the task function ``function(task)`` over the validated parameters, and exit with its result."""
        task = Task(self.params, check_mode=self.check_mode, diff=self._diff)
        failed, result = run_task(function, task)
        for warning in task.warnings:
            self.warn(warning)
        for deprecation in task.deprecations:
            self.deprecate(deprecation['msg'], version=deprecation['version'], date=deprecation['date'],
                           collection_name=deprecation['collection_name'])
        if failed:
            self.fail_json(**result)
        self.exit_json(**result)
