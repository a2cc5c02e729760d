# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The task of sipgate_sms: its argument spec, its input checks, and sending through _delivery.deliver()."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._arguments import extension_argument_spec
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._check_preview import check_mode_preview
from ansible_collections.sipgate.io.plugins.module_utils._delivery import deliver
from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_SEGMENTS, HISTORY_WAIT, id_problems, max_in_flight_problem,
)
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import NOT_SENT, SENT_STATUSES
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_recipients
from ansible_collections.sipgate.io.plugins.module_utils._sender import SenderError
from ansible_collections.sipgate.io.plugins.module_utils._sms_message import text_problems
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank


def argument_spec():
    """The options of sipgate_sms, as its DOCUMENTATION describes them."""
    return extension_argument_spec(
        with_user_id=False,
        to=dict(type='list', elements='str', required=True, aliases=['recipient', 'recipients']),
        msg=dict(type='str', required=True),
        sender=dict(type='str'),
        send_at=dict(type='raw'),
        max_segments=dict(type='int', default=DEFAULT_MAX_SEGMENTS),
        max_in_flight=dict(type='int', default=DEFAULT_MAX_IN_FLIGHT),
        history_lookup=dict(type='bool', default=True),
        history_wait=dict(type='float', default=HISTORY_WAIT),
    )


def input_problems(params):
    """Every problem with the task's input, so that one failure lists them all and nothing is sent."""
    problems = id_problems(params) + [problem for problem in [max_in_flight_problem(params['max_in_flight'])] if problem]
    problems.extend(text_problems(params['msg'], params['max_segments']))
    if not params['to']:
        problems.append('to must name at least one recipient')
    recipients = []
    try:
        recipients, recipient_errors = normalize_recipients(params['to'], params['default_country_code'])
        problems.extend(recipient_errors)
    except PhoneNumberError as error:
        problems.append(str(error))
    sender = None
    if params['sender'] is not None:
        # Imported only when needed, as _send_at below: a plain send does not read extensions.
        from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import normalize_sender
        try:
            sender = normalize_sender(params['sender'], params['default_country_code'])
        except PhoneNumberError as error:
            if str(error) not in problems:
                problems.append('sender: %s' % error)
    schedule = (None, None)
    if params['history_wait'] < 0:
        problems.append('history_wait must be 0 or more seconds, not %g' % params['history_wait'])
    if params['send_at'] is not None:
        # Imported only when needed: an SMS sent now does not pay for compiling the module and its patterns.
        from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, resolve_send_at
        try:
            schedule = resolve_send_at(params['send_at'])
        except ScheduleError as error:
            problems.append(str(error))
    return problems, recipients, sender, schedule


def message_entry(recipient, send_at_iso, status, outcome=None):
    """The RV(messages) entry of one recipient."""
    entry = dict(recipient=recipient['recipient'], input=recipient['input'], status=status, http_status=None)
    if outcome is not None:
        entry.update(status=outcome['status'], http_status=outcome['http_status'])
        if outcome['status'] == NOT_SENT:
            entry['error'] = 'Not tried after an earlier failure: %s' % outcome['error']
        elif outcome['status'] not in SENT_STATUSES:
            entry['error'] = str(outcome['error'])
        entry.update((key, outcome[key]) for key in ('confirmed_by', 'history_id', 'note') if key in outcome)
    if send_at_iso:
        entry['send_at'] = send_at_iso
    return entry


def sms_diff(sms_id, sender, recipients, message, scheduled_iso):
    lines = ['SMS from %s%s, %s, to:' % (sms_id, ' as %s' % sender if sender else '', 'at %s' % scheduled_iso if scheduled_iso else 'now')]
    lines.extend('  %s' % recipient['recipient'] for recipient in recipients)
    lines.extend(['', message, ''])
    return dict(before='', after='\n'.join(lines), after_header='SMS')


def check_mode_result(recipients, send_at_iso, not_verified):
    """What check mode returns: each recipient would get the SMS; what only sending shows is not verified."""
    return dict(changed=True, messages=[message_entry(recipient, send_at_iso, 'would_send') for recipient in recipients],
                not_verified=not_verified,
                msg='Check mode: the SMS would go to %d recipient(s). Not verified: that %s.' % (
                    len(recipients), ', and that '.join(not_verified)))


def run(task):
    """Send the SMS of the task's parameters (or, in check mode, check what can be checked); return the result."""
    params = task.params
    sms_id = params['sms_id']
    result = dict(changed=False, sms_id=sms_id, messages=[], sent=0, failed_recipients=[], unknown_recipients=[])
    if not is_blank(params['msg']):
        result['message_info'] = message_info(params['msg'])

    problems, recipients, sender, (send_at, send_at_iso) = input_problems(params)
    task.fail_on_problems(problems, prefix='Nothing was sent: ', **result)

    if send_at_iso:
        result['send_at'] = send_at_iso
    if sender and send_at_iso:
        task.warn('sender with send_at: the default sender of %s is restored right after scheduling, and sipgate does '
                  'not document which one a scheduled SMS goes out as. Make %s the default with '
                  'sipgate.io.sipgate_sms_extension to be sure.' % (sms_id, sender))
    if task.diff:
        result['diff'] = sms_diff(sms_id, sender, recipients, params['msg'], send_at_iso)

    not_verified = None
    try:
        if task.check_mode:
            warnings, balance, not_verified, problem = check_mode_preview(task.client, task.user_id, sms_id)
            for warning in warnings:
                task.warn(warning)
            if balance is not None:
                result['balance'] = balance
            if problem:
                task.fail('Check mode: the SMS would not go out: %s.' % problem, **result)
        delivery = deliver(task.client, sms_id, params['msg'], [recipient['recipient'] for recipient in recipients], send_at,
                           sender=sender, user_id=task.user_id if sender else None, check_only=task.check_mode,
                           max_in_flight=params['max_in_flight'], history_lookup=params['history_lookup'],
                           history_wait=params['history_wait'])
    except SipgateError as error:
        if isinstance(error, SenderError):
            # Something was written: say what was read back, and whether the extension is left changed.
            result.update(error.state.result(), changed=error.state.restored is False)
        task.fail_on_error(error, prefix='Nothing was sent: ', **result)

    result.update(delivery.sending.result())
    if task.check_mode:
        result.update(check_mode_result(recipients, send_at_iso, not_verified))
        return result

    outcomes = delivery.outcomes
    result['messages'] = [message_entry(recipient, send_at_iso, None, outcome) for recipient, outcome in zip(recipients, outcomes)]
    result.update(sent=len(delivery.accepted), failed_recipients=delivery.failed_recipients,
                  unknown_recipients=delivery.unknown_recipients)
    for warning in delivery.warnings:
        task.warn(warning)
    # An SMS the API may have accepted may have changed something too, and so has a sender left switched.
    result['changed'] = bool(result['sent'] or result['unknown_recipients'] or result.get('sender_restored') is False)
    if delivery.problems:
        task.fail(' '.join(delivery.problems), **result)
    return result
