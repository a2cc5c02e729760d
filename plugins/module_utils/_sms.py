# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Sending one SMS text to each recipient with POST /sessions/sms: the one send loop of the collection.

The module and the callback both send through send_to_each() and shape its outcomes into their own results.
"""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError, not_sent_again
from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    default_caller_id, default_caller_id_entry, find_caller_id, list_caller_ids, sender_problem, set_default_caller_id,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import control_characters, is_blank

SEND_SMS_PATH = '/sessions/sms'
UNKNOWN_NOTE = not_sent_again('to avoid a duplicate SMS')

# What happened for one recipient.
SENT = 'sent'
SCHEDULED = 'scheduled'
# The API may have accepted the SMS: it timed out, the connection dropped after the request, or a gateway failed.
UNKNOWN = 'unknown'
FAILED = 'failed'
NOT_SENT = 'not_sent'
SENT_STATUSES = frozenset([SENT, SCHEDULED])
# The most parts a concatenated SMS can have.
MAX_SEGMENTS = 255
# What only sending shows: the API has no read-only call that checks them.
NOT_VERIFIED_IN_CHECK_MODE = ('the token may send SMS (scope sessions:sms:write)', 'the account balance suffices')


def sms_body(sms_id, text, recipient, send_at=None):
    """The SendWebSmsRequest for one recipient; ``send_at`` in Unix seconds schedules it."""
    body = {'smsId': sms_id, 'recipient': recipient, 'message': text}
    if send_at is not None:
        body['sendAt'] = send_at
    return body


def text_problems(text, max_segments):
    """Why ``text`` cannot be sent as an SMS of at most ``max_segments`` parts; an empty list when it can."""
    if not 1 <= max_segments <= MAX_SEGMENTS:
        return ['max_segments must be between 1 and %d, not %s' % (MAX_SEGMENTS, max_segments)]
    if is_blank(text):
        return ['msg must not be empty or only whitespace or invisible characters']
    controls = control_characters(text)
    if controls:
        return ['msg contains the control character(s) %s, which phones do not show and which would make the whole text UCS-2; '
                'remove them' % ', '.join('U+%04X' % ord(char) for char in controls)]
    info = message_info(text)
    if info['segments'] > max_segments:
        return ['msg takes %d SMS parts (%d characters, %s), more than max_segments %d; each part is billed, so shorten '
                'the text or raise max_segments' % (info['segments'], info['length'], info['encoding'], max_segments)]
    return []


def send_to_each(client, sms_id, text, recipients, send_at=None, action='Sending the SMS to %s'):
    """Send ``text`` to each E.164 number in ``recipients`` in turn; return one outcome per recipient, in order.

    An outcome is ``{recipient, status, http_status, error}``; ``error`` is the SipgateError of a failed recipient or
    one whose outcome is unknown, or for one not tried the error that stopped the sending. Once a failure shows that
    every other recipient would fail the same way (credentials, balance, permission, API unreachable), the rest are
    not tried. An unknown outcome says nothing about the other recipients, so they are still tried.
    """
    outcomes = []
    blocking_error = None
    for recipient in recipients:
        outcome = dict(recipient=recipient, status=NOT_SENT, http_status=None, error=blocking_error)
        outcomes.append(outcome)
        if blocking_error is not None:
            continue
        try:
            outcome['http_status'] = client.post(SEND_SMS_PATH, sms_body(sms_id, text, recipient, send_at),
                                                 action=action % recipient, unknown_note=UNKNOWN_NOTE)
            outcome['status'] = SENT if send_at is None else SCHEDULED
        except SipgateError as error:
            outcome.update(status=UNKNOWN if error.may_have_been_accepted else FAILED, http_status=error.status, error=error)
            if error.affects_every_request and not error.may_have_been_accepted:
                blocking_error = error
    return outcomes


def accepted(outcomes):
    """The recipients the API accepted the SMS for."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in SENT_STATUSES]


def not_delivered(outcomes):
    """The recipients that certainly did not get the SMS: refused, or not tried; sending to them again is safe."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in (FAILED, NOT_SENT)]


def unknown(outcomes):
    """The recipients the API may have accepted the SMS for: sending to them again may send it twice."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] == UNKNOWN]


def delivery_summary(outcomes):
    """What went wrong, as one message that names every group truthfully; empty when every recipient got the SMS."""
    failed = not_delivered(outcomes)
    unconfirmed = unknown(outcomes)
    if not failed and not unconfirmed:
        return ''
    parts = ['The SMS reached %d of %d recipients' % (len(accepted(outcomes)), len(outcomes))]
    if failed:
        parts.append('%s did not get it' % ', '.join(failed))
    if unconfirmed:
        parts.append('for %s the API may have accepted it without confirming it, so it was not sent again; check before '
                     'sending to %s again' % (', '.join(unconfirmed), 'them' if len(unconfirmed) > 1 else 'it'))
    first_error = next(outcome['error'] for outcome in outcomes if outcome['status'] in (FAILED, UNKNOWN))
    return '%s. %s' % ('; '.join(parts), first_error)


def switch_sender(client, user_id, sms_id, sender, check_only=False):
    """Check that ``sender`` is a verified caller id of ``sms_id`` and make it the extension's default for the sending.

    The API sends every SMS from the extension's default caller id, so choosing a sender means changing the default,
    as sipgate's own libraries do. Returns the caller id to make the default again afterwards, or None when nothing
    was written: ``sender`` already is the default, or ``check_only``.
    """
    caller_ids = list_caller_ids(client, user_id, sms_id)
    problem = sender_problem(caller_ids, sender, sms_id)
    if problem:
        raise SipgateError(problem + '.', kind='config')
    chosen = find_caller_id(caller_ids, sender)
    if chosen['default'] or check_only:
        return None
    previous = default_caller_id_entry(caller_ids)
    set_default_caller_id(client, user_id, sms_id, chosen)
    return previous


def restore_sender(client, user_id, sms_id, previous):
    """Make ``previous`` the default again; return None, or the problem, naming the sender the extension is left with."""
    try:
        set_default_caller_id(client, user_id, sms_id, previous)
        return None
    except SipgateError as error:
        try:
            left = default_caller_id(list_caller_ids(client, user_id, sms_id)) or 'no sender'
        except SipgateError:
            left = 'a sender that could not be read'
        return ('the sender of %s could not be set back to %s, so %s now sends as %s; set it back with '
                'sipgate.io.sipgate_sms_extension (default_sender). %s' % (sms_id, previous['phonenumber'], sms_id, left, error))
