# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms_extensions_info: the SMS extensions of a user, with their caller ids on request."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import module_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._options import id_problems
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import extension_with_caller_ids, list_caller_ids, list_sms_extensions


def argument_spec():
    """The options of sipgate_sms_extensions_info, as its DOCUMENTATION describes them."""
    return module_argument_spec(
        user_id=dict(type='str'),
        sms_id=dict(type='str'),
        caller_ids=dict(type='bool', default=False),
    )


def run(task):
    params = task.params
    task.fail_on_problems(id_problems(params))

    result = dict(changed=False, user_id=params['user_id'], sms_extensions=[])
    try:
        result['user_id'] = task.user_id
        extensions = list_sms_extensions(task.client, result['user_id'])
        if params['sms_id'] is not None:
            extensions = [extension for extension in extensions if extension['id'] == params['sms_id']]
        if params['caller_ids']:
            extensions = [extension_with_caller_ids(extension, list_caller_ids(task.client, result['user_id'], extension['id']))
                          for extension in extensions]
        result['sms_extensions'] = extensions
    except SipgateError as error:
        task.fail_on_error(error, **result)
    return result
