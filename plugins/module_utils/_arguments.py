# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The argument specs: the connection options every module takes, and the environment variables that set them.

Each module's own options are defined once, by the function argument_spec() of its task file (such as _sms_task); the
module and its action plugin both validate with it. The names and defaults come from _options.
"""

from __future__ import annotations

import os
import re

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL, url_secrets
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    CONNECTION_ENVIRONMENT, COUNTRY_CODE_ENVIRONMENT, DEFAULT_RETRIES, DEFAULT_TIMEOUT, SMS_ID_ENVIRONMENT,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import MIN_SECRET_LENGTH, sentences


def environment_fallback(*names):
    """Like env_fallback, but a variable set to an empty string counts as unset.

    Credential injectors (AWX, CI systems) set every variable they know, also those a user left empty.
    """
    for name in names:
        if os.environ.get(name, '').strip():
            return os.environ[name]
    raise AnsibleFallbackNotFound


def from_environment(name):
    return (environment_fallback, [name])


# How AnsibleModule and ArgumentSpecValidator name the required options a task did not set.
_MISSING_REQUIRED = re.compile(r'missing required arguments: ([\w, ]+)')


def environment_hint(msg, argument_spec):
    """``msg`` with the environment variables that could have set the missing required options it names."""
    match = _MISSING_REQUIRED.search(msg)
    if not match:
        return msg
    hints = []
    for name in match.group(1).split(', '):
        fallback = (argument_spec.get(name.strip()) or {}).get('fallback') or ()
        if fallback and fallback[0] is environment_fallback:
            hints.append('set %s, or the environment variable %s' % (name.strip(), ' or '.join(fallback[1])))
    return '%s: %s' % (msg.rstrip('.'), sentences(hints)) if hints else msg


def connection_argument_spec():
    """Options every module takes; documented once in the sipgate.io.connection doc fragment."""
    env = CONNECTION_ENVIRONMENT
    return dict(
        token_id=dict(type='str', aliases=['username'], fallback=from_environment(env['token_id'])),
        token=dict(type='str', aliases=['password'], no_log=True, fallback=from_environment(env['token'])),
        access_token=dict(type='str', no_log=True, fallback=from_environment(env['access_token'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=from_environment(env['api_url'])),
        validate_certs=dict(type='bool', default=True, fallback=from_environment(env['validate_certs'])),
        timeout=dict(type='float', default=DEFAULT_TIMEOUT, fallback=from_environment(env['timeout'])),
        retries=dict(type='int', default=DEFAULT_RETRIES, fallback=from_environment(env['retries'])),
    )


def module_argument_spec(**argument_spec):
    """The whole argument spec of a module: the connection options and ``argument_spec``."""
    spec = connection_argument_spec()
    spec.update(argument_spec)
    return spec


def extension_argument_spec(with_user_id=True, **argument_spec):
    """The whole argument spec of a module that works on one extension: the connection options, sms_id, user_id (unless
    not ``with_user_id``), default_country_code, and ``argument_spec``."""
    spec = dict(
        sms_id=dict(type='str', required=True, fallback=from_environment(SMS_ID_ENVIRONMENT)),
        default_country_code=dict(type='str', fallback=from_environment(COUNTRY_CODE_ENVIRONMENT)),
    )
    if with_user_id:
        spec['user_id'] = dict(type='str')
    spec.update(argument_spec)
    return module_argument_spec(**spec)


def url_no_log_values(api_url):
    """What of ``api_url`` is never shown: the whole URL and each secret of it long enough to mask, when it has any.

    A password or token someone put into api_url is refused before any request, but must not be shown or logged
    either. The whole URL is masked, so that a short user name or password is hidden without masking every "u".
    """
    secrets = url_secrets(api_url)
    if not secrets:
        return set()
    return set([api_url]) | set(secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH)
