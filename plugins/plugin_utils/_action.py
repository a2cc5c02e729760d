# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own plugins.

"""The base of the action plugins: where a task of a sipgate.io module runs, and running it in the controller process.

Every module of the collection only talks to the sipgate API, so its task does not need the managed host. Unless the
task is delegated to a host that is reached through a connection other than ``local``, the action runs the module's task
function (module_utils/_<name>_task.py) in the controller process: no module payload, no new interpreter, and no
connection to the managed host. Delegated to a remote host (a bastion that alone reaches the API, or
``delegate_to: "{{ inventory_hostname }}"``), it runs the module there as any module runs.

In the controller process, run_in_process() does what AnsibleModule does around a module's logic: it validates the task's
arguments with the module's argument spec (also the fallbacks to environment variables, read with the task's
``environment:`` applied), returns warnings and deprecations, masks every no_log value in the whole result, and adds the
invocation. Controller-only code.
"""

from __future__ import annotations

import contextlib
import os
import traceback

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase

from ansible_collections.sipgate.io.plugins.module_utils._arguments import environment_hint, url_no_log_values
from ansible_collections.sipgate.io.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.sipgate.io.plugins.module_utils._task import Task, run_task

# Why requests is needed in the controller process.
REQUESTS_REASON = ('to reach the sipgate API from the controller, where the task runs. Install requests for the Python '
                   'that runs ansible-playbook (in an execution environment: meta/execution-environment.yml of the '
                   'collection), or delegate the task to a host that has it')
ASYNC_REFUSED = ('%s does not support async: the task waits for the sipgate API itself and reports every outcome when it '
                 'ends. Remove async and poll from the task.')


@contextlib.contextmanager
def applied_environment(environment):
    """``os.environ`` with ``environment`` (the task's ``environment:`` keyword) applied; restored when the block ends."""
    saved = dict(os.environ)
    try:
        for name, value in environment.items():
            os.environ[str(name)] = '' if value is None else str(value)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def validation_messages(validation):
    """The warnings and deprecations of the argument validation, as AnsibleModule gives them."""
    warnings = ['Both option %s and its alias %s are set.' % (warning['option'], warning['alias']) for warning in validation._warnings]
    deprecations = [dict((key, value) for key, value in deprecation.items() if value is not None) for deprecation in validation._deprecations]
    return warnings, deprecations


def run_in_process(task_module, module_name, args, check_mode=False, diff=False, environment=None):
    """The result of the task of ``task_module`` (a module_utils/_<name>_task) over the task arguments ``args``.

    As the module ``module_name`` would give it: the same validation and messages, the result of the task function with
    ``warnings``, ``deprecations`` and ``invocation``, every no_log value masked, and ``failed`` when it failed.
    ``environment`` is applied to os.environ while the arguments are validated and the task runs.
    """
    if not HAS_REQUESTS:
        return dict(failed=True, msg=missing_required_lib('requests', reason=REQUESTS_REASON))
    argument_spec = task_module.argument_spec()
    with applied_environment(environment or {}):
        validation = ArgumentSpecValidator(argument_spec).validate(dict(args))
        params = validation.validated_parameters
        no_log_values = set(validation._no_log_values) | url_no_log_values(params.get('api_url'))
        # Blank text is no secret, and masking every space would garble each message.
        no_log_values = set(value for value in no_log_values if value.strip())
        warnings, deprecations = validation_messages(validation)
        errors = validation.errors.errors
        if errors:
            msg = validation.errors.msg
            if isinstance(errors[0], UnsupportedError):
                msg = 'Unsupported parameters for (%s) module: %s' % (module_name, msg)
            failed, result = True, dict(msg=environment_hint(msg, argument_spec))
        else:
            task = Task(params, check_mode=check_mode, diff=diff)
            try:
                failed, result = run_task(task_module.run, task)
            except Exception as error:  # pylint: disable=broad-exception-caught
                # A bug, not a failure the task function foresaw: reported like a module's traceback, masked as its result.
                failed, result = True, dict(msg='%s: %s' % (type(error).__name__, error), exception=traceback.format_exc())
            warnings.extend(task.warnings)
            deprecations.extend(task.deprecations)
    if warnings:
        result['warnings'] = warnings
    if deprecations:
        result['deprecations'] = deprecations
    result.setdefault('invocation', dict(module_args=params))
    if failed:
        result['failed'] = True
    return remove_values(result, no_log_values)


class SipgateAction(ActionBase):
    """The action of a sipgate.io module: its task in the controller process, or the module on the delegated host.

    A subclass (plugins/action/<module>.py) names the module's task file in ``TASK``.
    """

    TASK = None
    _supports_check_mode = True
    _supports_async = True

    def runs_in_process(self):
        """Whether the task runs in the controller process: not delegated, or delegated to a host with a local connection."""
        return not self._task.delegate_to or self._connection.transport == 'local'

    def run(self, tmp=None, task_vars=None):
        if self._task.async_val:
            return dict(failed=True, msg=ASYNC_REFUSED % self._task.action)
        if not self.runs_in_process():
            result = super(SipgateAction, self).run(tmp, task_vars)
            result.update(self._execute_module(task_vars=task_vars))
            self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        environment = {}
        # Templates the task's environment: keyword as for a module (it builds the command line's prefix, and connects nowhere).
        self._compute_environment_string(environment)
        return run_in_process(self.TASK, self._task.action, self._task.args, check_mode=bool(self._task.check_mode),
                              diff=bool(self._task.diff), environment=environment)
