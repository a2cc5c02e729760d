# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The base class of every sipgate.io module: shared options, input checks and the API client."""

from __future__ import annotations

import os
import re

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.sipgate.io.plugins.module_utils._client import (
    CREDENTIAL_OPTIONS, DEFAULT_API_URL, HAS_REQUESTS, SipgateClient, SipgateError, credential_forms, url_secrets,
)
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    CONNECTION_ENVIRONMENT, COUNTRY_CODE_ENVIRONMENT, DEFAULT_RETRIES, DEFAULT_TIMEOUT, SMS_ID_ENVIRONMENT, client_settings, connection_problems,
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


# How AnsibleModule names the required options a task did not set.
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


def extension_argument_spec(with_user_id=True, **argument_spec):
    """Options of a module that works on one extension: sms_id, user_id (unless not ``with_user_id``) and
    default_country_code, and ``argument_spec``."""
    spec = dict(
        sms_id=dict(type='str', required=True, fallback=from_environment(SMS_ID_ENVIRONMENT)),
        default_country_code=dict(type='str', fallback=from_environment(COUNTRY_CODE_ENVIRONMENT)),
    )
    if with_user_id:
        spec['user_id'] = dict(type='str')
    spec.update(argument_spec)
    return spec


# Why requests is needed where the module runs: most often the task lacks delegate_to: localhost.
REQUESTS_REASON = ('to reach the sipgate API from the host the task runs on. Run the task on the controller with '
                   'delegate_to: localhost (with requests installed for the Python that runs modules there), or install '
                   'requests on this host')


class SipgateModule(AnsibleModule):
    """An AnsibleModule with the shared connection options and one lazily created API client."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(SipgateModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests', reason=REQUESTS_REASON))
        self._client = None
        self._user_id = self.params.get('user_id')
        # Checked here, so that no module can reach the API with connection options fail_on_problems did not see.
        self._connection_problems = connection_problems(self.params)

    def fail_json(self, msg, **kwargs):
        # AnsibleModule fails here on a missing required option; tell which environment variable would set it.
        super(SipgateModule, self).fail_json(msg=environment_hint(msg, self.argument_spec), **kwargs)

    def _log_invocation(self):
        # AnsibleModule logs the arguments here and masks no_log values in every result (its invocation included).
        # A password or token someone put into api_url is refused later, but must not be shown or logged either.
        # The whole URL is masked, so that a short user name or password is hidden without masking every "u" of the output.
        api_url = self.params.get('api_url')
        if url_secrets(api_url):
            self.no_log_values.add(api_url)
            self.no_log_values.update(secret for secret in url_secrets(api_url) if len(secret) >= MIN_SECRET_LENGTH)
        # Every form the client could show the credentials in: stripped of the line break a vault block scalar adds, and
        # Base64-encoded as in the Authorization header.
        self.no_log_values.update(form for form in credential_forms(*[self.params.get(name) for name in CREDENTIAL_OPTIONS])
                                  if len(form) >= MIN_SECRET_LENGTH)
        # Blank text is no secret, and masking every space would garble each message.
        self.no_log_values.difference_update([value for value in self.no_log_values if not value.strip()])
        super(SipgateModule, self)._log_invocation()

    def fail_on_problems(self, problems, prefix='', **result):
        """End the task before any request when the input has problems, listing them all at once."""
        problems = self._connection_problems + list(problems)
        if problems:
            result.setdefault('changed', False)
            self.fail_json(msg=prefix + sentences(problems), **result)

    @property
    def client(self):
        """The API client; created on first use so that invalid input fails before any connection."""
        if self._client is None:
            if self._connection_problems:
                self.fail_json(msg=sentences(self._connection_problems), changed=False)
            try:
                self._client = SipgateClient(**client_settings(self.params))
            except SipgateError as error:
                self.fail_json(msg=str(error))
        return self._client

    @property
    def user_id(self):
        """The user id to work on: the option user_id, or the user the credentials belong to."""
        if self._user_id is None:
            # Imported only when needed: a plain send does not read extensions and does not pay for compiling them.
            from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import authenticated_user_id
            self._user_id = authenticated_user_id(self.client)
        return self._user_id

    def fail_on_error(self, error, prefix='', **result):
        """End the task with a SipgateError, keeping whatever partial result was built."""
        result.setdefault('changed', False)
        if error.status is not None:
            result.setdefault('http_status', error.status)
        self.fail_json(msg=prefix + str(error), **result)
