# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The rules of the options that modules and the callback share: limits, defaults, environment variables, id patterns.

Every limit and environment variable name the documentation states is defined here once;
tests/unit/plugins/module_utils/test_options.py checks DOCUMENTATION and the doc fragments against these constants.

Nothing here imports Ansible: the modules check their parameters with it, the callback its settings.
Problems are returned as messages without a final full stop, so that callers can join them into sentences.
"""

from __future__ import annotations

import math
import re

from ansible_collections.sipgate.io.plugins.module_utils._client import CREDENTIAL_OPTIONS, SipgateError, credential_problem, validate_api_url

DEFAULT_TIMEOUT = 30.0
# An hour: longer than any API answer takes, and far below what the socket layer can represent.
MAX_TIMEOUT = 3600
DEFAULT_RETRIES = 2
MAX_RETRIES = 10
# SMS requests in flight at once by default: the most that still pays (MAX_IN_FLIGHT). It brings an on-call list of up
# to 21 to one round trip after the first SMS, and 200 recipients to about 11 round trips, where the API's latency and
# not the task's start decides how long a bulk send takes. A burst of 20 is far below what the rate limit punishes:
# sipgate does not document its limit, and a 429 pauses every sender anyway.
DEFAULT_MAX_IN_FLIGHT = 20
# Each request in flight is a thread with a connection (and a TLS handshake) of its own; beyond 20 they cost the
# machine the task runs on more than they save, and a burst that large from one task only meets the rate limit sooner.
MAX_IN_FLIGHT = 20
# The parts an SMS text of sipgate_sms may take by default, and the most a concatenated SMS can have.
DEFAULT_MAX_SEGMENTS = 10
MAX_SEGMENTS = 255
# The parts the callback's SMS may take by default, and at most: it is a summary, cut rather than billed in full.
CALLBACK_DEFAULT_MAX_SEGMENTS = 2
CALLBACK_MAX_SEGMENTS = 10
# How long a send waits for the other sends on this machine through the same extension (the sender lock), in seconds.
LOCK_WAIT = 300.0
# How long an unknown outcome is looked for in the account history by default, and the longest pause between two looks.
HISTORY_WAIT = 10.0
MAX_HISTORY_PAUSE = 2.0
# The longest history_wait: an SMS the API accepted shows in the history within seconds, and a task must end.
MAX_HISTORY_WAIT = 600.0
# Once the lock is held, the sending of one task (the sender switch and its restore included) ends within this many
# times ``timeout``, and the history look-up after it within history_wait: a hanging API cannot hold a task for longer.
SENDING_TIMEOUTS = 10
# The longest window of once_within: 30 days, as far back as the account history is worth reading before every send.
MAX_ONCE_WITHIN = 30 * 86400
# How long sipgate_sms_wait_for_reply waits for a reply by default, and at most: a day, longer than anyone waits for an
# acknowledgement in one task.
REPLY_WAIT = 300
MAX_REPLY_WAIT = 86400


def history_wait_problem(history_wait):
    """Why ``history_wait`` is not a number of seconds from 0 to MAX_HISTORY_WAIT, or None."""
    if isinstance(history_wait, (int, float)) and math.isfinite(history_wait) and 0 <= history_wait <= MAX_HISTORY_WAIT:
        return None
    return 'history_wait must be between 0 and %d seconds, not %s' % (MAX_HISTORY_WAIT, history_wait)


# Used with fullmatch: "$" would also accept a trailing line break ("s0\n") and send it to the API.
SMS_ID_PATTERN = re.compile(r's(0|[1-9][0-9]*)')
USER_ID_PATTERN = re.compile(r'w(0|[1-9][0-9]*)')

# The connection options and the environment variables modules and the callback read them from.
CONNECTION_ENVIRONMENT = {
    'token_id': 'SIPGATE_TOKEN_ID',
    'token': 'SIPGATE_TOKEN',
    'access_token': 'SIPGATE_ACCESS_TOKEN',
    'api_url': 'SIPGATE_API_URL',
    'validate_certs': 'SIPGATE_VALIDATE_CERTS',
    'timeout': 'SIPGATE_TIMEOUT',
    'retries': 'SIPGATE_RETRIES',
}
CONNECTION_OPTIONS = tuple(CONNECTION_ENVIRONMENT)
SMS_ID_ENVIRONMENT = 'SIPGATE_SMS_ID'
COUNTRY_CODE_ENVIRONMENT = 'SIPGATE_DEFAULT_COUNTRY_CODE'
# The callback's own options and their environment variables (besides the connection, sms_id and default_country_code).
CALLBACK_ENVIRONMENT = {
    'sms_id': SMS_ID_ENVIRONMENT,
    'default_country_code': COUNTRY_CODE_ENVIRONMENT,
    'recipients': 'SIPGATE_RECIPIENTS',
    'on': 'SIPGATE_NOTIFY_ON',
    'send_in_check_mode': 'SIPGATE_SEND_IN_CHECK_MODE',
    'max_segments': 'SIPGATE_MAX_SEGMENTS',
    'message_template': 'SIPGATE_MESSAGE_TEMPLATE',
    'once_within': 'SIPGATE_ONCE_WITHIN',
}


def connection_problems(params):
    """Everything wrong with the connection options, checked before any request."""
    problems = []
    # Surrounding white space is no part of a credential (a vault block scalar ends in a line break): a credential of
    # nothing else is not set.
    params = dict(params, **dict((name, params[name].strip()) for name in CREDENTIAL_OPTIONS if isinstance(params.get(name), str)))
    has_basic = bool(params.get('token_id') or params.get('token'))
    if params.get('access_token'):
        if has_basic:
            problems.append('access_token is mutually exclusive with token_id/token (username/password); '
                            'also check the environment variables SIPGATE_TOKEN_ID, SIPGATE_TOKEN and SIPGATE_ACCESS_TOKEN')
    elif not has_basic:
        problems.append('No sipgate credentials: set token_id and token (a personal access token), or access_token, '
                        'as options or through SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN)')
    elif not params.get('token_id') or not params.get('token'):
        missing = 'token' if params.get('token_id') else 'token_id'
        problems.append('token_id and token are required together: %s is missing (or its environment variable %s)'
                        % (missing, CONNECTION_ENVIRONMENT[missing]))
    problems.extend(problem for problem in (credential_problem(name, params.get(name)) for name in CREDENTIAL_OPTIONS) if problem)
    try:
        validate_api_url(params.get('api_url'))
    except SipgateError as error:
        problems.append(str(error))
    timeout = params.get('timeout')
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        problems.append('timeout must be a positive number of seconds up to %d, not %s' % (MAX_TIMEOUT, timeout))
    if params.get('retries') is not None and not 0 <= params['retries'] <= MAX_RETRIES:
        problems.append('retries must be between 0 and %d, not %s' % (MAX_RETRIES, params['retries']))
    return problems


def client_settings(params):
    """The keyword arguments of SipgateClient from checked connection options."""
    return dict((name, params.get(name)) for name in CONNECTION_OPTIONS)


def max_in_flight_problem(max_in_flight):
    """Why ``max_in_flight`` is not a number of SMS requests to have in flight at once, or None."""
    if isinstance(max_in_flight, int) and not isinstance(max_in_flight, bool) and 1 <= max_in_flight <= MAX_IN_FLIGHT:
        return None
    return 'max_in_flight must be between 1 and %d, not %s' % (MAX_IN_FLIGHT, max_in_flight)


def sms_id_problem(sms_id):
    """Why ``sms_id`` is not a Web SMS extension id, or None."""
    if SMS_ID_PATTERN.fullmatch(sms_id or ''):
        return None
    return "sms_id %r is not a Web SMS extension id such as s0 or s1" % (sms_id,)


def id_problems(params):
    """What is wrong with the ids of ``params``: sms_id and user_id, each when set."""
    problems = []
    if params.get('sms_id') is not None:
        problems.append(sms_id_problem(params['sms_id']))
    if params.get('user_id') is not None:
        problems.append(user_id_problem(params['user_id']))
    return [problem for problem in problems if problem]


def user_id_problem(user_id):
    """Why ``user_id`` is not a sipgate user id, or None."""
    if USER_ID_PATTERN.fullmatch(user_id or ''):
        return None
    return "user_id %r is not a sipgate user id such as w0" % (user_id,)
