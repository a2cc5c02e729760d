# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms_wait_for_reply: wait for a received SMS from given numbers, take it once, mark it read."""

from __future__ import annotations

import time

from ansible_collections.sipgate.io.plugins.module_utils._arguments import from_environment, module_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._claims import ClaimsError
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._history import iso_utc
from ansible_collections.sipgate.io.plugins.module_utils._inbox import (
    ReplyError, api_now, attempt_owner, claim_reply, compile_match, mark_read, wait_for_reply,
)
from ansible_collections.sipgate.io.plugins.module_utils._options import COUNTRY_CODE_ENVIRONMENT, MAX_REPLY_WAIT, REPLY_WAIT
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_recipients
from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, parse_send_at, to_unix_seconds


def argument_spec():
    """The options of sipgate_sms_wait_for_reply, as its DOCUMENTATION describes them."""
    return module_argument_spec(
        from_numbers=dict(type='list', elements='str', required=True),
        default_country_code=dict(type='str', fallback=from_environment(COUNTRY_CODE_ENVIRONMENT)),
        since=dict(type='raw'),
        match=dict(type='str'),
        wait=dict(type='int', default=REPLY_WAIT),
        mark_read=dict(type='bool', default=True),
    )


def reply_settings(params):
    """The settings of the wait from the options, and every problem with them: ``(problems, settings)``."""
    problems = []
    settings = dict(senders=[], since=None, pattern=None, wait=params['wait'], mark_read=params['mark_read'])
    try:
        senders, errors = normalize_recipients(params['from_numbers'], params.get('default_country_code'))
    except PhoneNumberError as error:
        senders, errors = [], [str(error)]
    problems.extend(error.replace('recipient', 'from_numbers', 1) for error in errors)
    settings['senders'] = [sender['recipient'] for sender in senders]
    if not senders and not errors:
        problems.append('from_numbers must name at least one number')
    if params.get('since') is not None:
        try:
            settings['since'] = to_unix_seconds(parse_send_at(params['since']))
        except ScheduleError as error:
            problems.append(str(error).replace('send_at', 'since', 1))
    try:
        settings['pattern'] = compile_match(params.get('match'))
    except ReplyError as error:
        problems.append(str(error))
    if not 0 <= params['wait'] <= MAX_REPLY_WAIT:
        problems.append('wait must be between 0 and %d seconds, not %s' % (MAX_REPLY_WAIT, params['wait']))
    return problems, settings


def run(task, claim=None, clock=time.monotonic):
    """Wait for the reply; fail (with replied false) when none came. ``claim`` and ``clock`` are for tests."""
    problems, settings = reply_settings(task.params)
    task.fail_on_problems(problems, replied=False, reply={})
    client = task.client
    try:
        # Also the check of the credentials and the scope history:read, before any wait.
        now = api_now(client)
    except SipgateError as error:
        task.fail_on_error(error, replied=False, reply={})
    since = now if settings['since'] is None else settings['since']
    result = dict(changed=False, replied=False, reply={}, since=iso_utc(since))
    if task.check_mode:
        result['msg'] = 'Check mode: the credentials can read the history; no reply was waited for, and none taken.'
        return result
    if claim is None:
        owner = attempt_owner('sipgate_sms_wait_for_reply')

        def claim(candidates):
            return claim_reply(client.api_url, candidates, owner)
    try:
        outcome = wait_for_reply(client, settings['senders'], since, settings['pattern'], settings['wait'], claim,
                                 clock=clock, sleep=client.sleep)
    except SipgateError as error:
        task.fail_on_error(error, **result)
    except ClaimsError as error:
        task.fail('No reply can be taken safely: the record of the replies taken on this machine failed: %s' % error, **result)
    result['polls'] = outcome.polls
    if outcome.reply is None:
        task.fail(no_reply_message(settings, since, outcome.last_error), **result)
    reply = dict((name, outcome.reply[name]) for name in ('id', 'created', 'sender', 'text', 'read'))
    result.update(replied=True, reply=reply)
    if settings['mark_read'] and not reply['read']:
        reply['read'], problem = mark_read(client, reply['id'], was_read=reply['read'])
        result['changed'] = reply['read'] is not False
        if problem:
            task.warn('The reply was taken, but marking it read failed: %s' % problem)
    return result


def no_reply_message(settings, since, last_error):
    message = 'No reply from %s%s since %s came within %d seconds.' % (
        ' or '.join(settings['senders']), ' matching %r' % settings['pattern'].pattern if settings['pattern'] else '',
        iso_utc(since), settings['wait'])
    if last_error is not None:
        message += ' The last read of the history failed, so a reply may have come unseen: %s' % last_error
    return message
