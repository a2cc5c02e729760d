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

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError

SEND_SMS_PATH = '/sessions/sms'

# What happened for one recipient.
SENT = 'sent'
SCHEDULED = 'scheduled'
FAILED = 'failed'
NOT_SENT = 'not_sent'
ACCEPTED = frozenset([SENT, SCHEDULED])


def sms_body(sms_id, text, recipient, send_at=None):
    """The SendWebSmsRequest for one recipient; ``send_at`` in Unix seconds schedules it."""
    body = {'smsId': sms_id, 'recipient': recipient, 'message': text}
    if send_at is not None:
        body['sendAt'] = send_at
    return body


def send_to_each(client, sms_id, text, recipients, send_at=None, action='Sending the SMS to %s'):
    """Send ``text`` to each E.164 number in ``recipients`` in turn; return one outcome per recipient, in order.

    An outcome is ``{recipient, status, http_status, error}``; ``error`` is the SipgateError of a failed recipient,
    or for one not tried the error that stopped the sending. Once a failure shows that every other recipient would
    fail the same way (credentials, balance, permission, API unreachable), the rest are not tried.
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
                                                 action=action % recipient)
            outcome['status'] = SENT if send_at is None else SCHEDULED
        except SipgateError as error:
            outcome.update(status=FAILED, http_status=error.status, error=error)
            if error.affects_every_request:
                blocking_error = error
    return outcomes


def accepted(outcomes):
    """The recipients the API accepted the SMS for."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in ACCEPTED]


def not_delivered(outcomes):
    """The recipients that did not get the SMS: failed, or not tried after an account-wide failure."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in (FAILED, NOT_SENT)]
