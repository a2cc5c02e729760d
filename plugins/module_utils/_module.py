# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The base class of every sipgate.io module: shared options, credential checks and the API client."""

from __future__ import annotations

import re

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.sipgate.io.plugins.module_utils._client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    SipgateClient,
    SipgateError,
    validate_api_url,
)

SMS_ID_PATTERN = re.compile(r'^s(0|[1-9][0-9]*)$')
USER_ID_PATTERN = re.compile(r'^w(0|[1-9][0-9]*)$')
MAX_RETRIES = 10


def connection_argument_spec():
    """Options every module takes; documented once in the sipgate.io.connection doc fragment."""
    return dict(
        token_id=dict(type='str', aliases=['username'], fallback=(env_fallback, ['SIPGATE_TOKEN_ID'])),
        token=dict(type='str', aliases=['password'], no_log=True, fallback=(env_fallback, ['SIPGATE_TOKEN'])),
        access_token=dict(type='str', no_log=True, fallback=(env_fallback, ['SIPGATE_ACCESS_TOKEN'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['SIPGATE_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='float', default=DEFAULT_TIMEOUT),
        retries=dict(type='int', default=DEFAULT_RETRIES),
    )


def connection_problems(params):
    """Everything wrong with the connection options, as messages; checked before any request."""
    problems = []
    has_basic = bool(params.get('token_id') or params.get('token'))
    if params.get('access_token'):
        if has_basic:
            problems.append('access_token is mutually exclusive with token_id/token (username/password); '
                            'also check the environment variables SIPGATE_TOKEN_ID, SIPGATE_TOKEN and SIPGATE_ACCESS_TOKEN.')
    elif not has_basic:
        problems.append('No sipgate credentials: set token_id and token (a personal access token), or access_token, '
                        'as options or through SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN).')
    elif not params.get('token_id') or not params.get('token'):
        missing = 'token' if params.get('token_id') else 'token_id'
        problems.append('token_id and token are required together: %s is missing (or its environment variable %s).'
                        % (missing, 'SIPGATE_TOKEN' if missing == 'token' else 'SIPGATE_TOKEN_ID'))
    try:
        validate_api_url(params.get('api_url'))
    except SipgateError as error:
        problems.append(str(error))
    if params.get('timeout') is not None and params['timeout'] <= 0:
        problems.append('timeout must be a positive number of seconds, not %s.' % params['timeout'])
    if params.get('retries') is not None and not 0 <= params['retries'] <= MAX_RETRIES:
        problems.append('retries must be between 0 and %d, not %s.' % (MAX_RETRIES, params['retries']))
    return problems


class SipgateModule(AnsibleModule):
    """An AnsibleModule with the shared connection options and one lazily created API client."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(SipgateModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'))
        self._client = None

    def connection_problems(self):
        return connection_problems(self.params)

    @property
    def client(self):
        """The API client; created on first use so that invalid input fails before any connection."""
        if self._client is None:
            params = self.params
            try:
                self._client = SipgateClient(
                    api_url=params['api_url'], token_id=params['token_id'], token=params['token'],
                    access_token=params['access_token'], validate_certs=params['validate_certs'],
                    timeout=params['timeout'], retries=params['retries'])
            except SipgateError as error:
                self.fail_json(msg=str(error))
        return self._client

    def fail_on_error(self, error, **result):
        """End the task with a SipgateError, keeping whatever partial result was built."""
        result.setdefault('changed', False)
        if error.status is not None:
            result.setdefault('http_status', error.status)
        self.fail_json(msg=str(error), **result)
