# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Delivering one SMS text: lock, sender switch, send, history settling, unknown-outcome notes and the summary.

deliver() is the one way the collection sends an SMS: sipgate_sms (_sms_task) and the callback plugin sipgate.io.sipgate_sms
both call it and only shape its Delivery into their results.
"""

from __future__ import annotations

import time

from ansible_collections.sipgate.io.plugins.module_utils._history_settling import settle_unknown
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_MAX_IN_FLIGHT, HISTORY_WAIT
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import accepted, delivery_summary, not_delivered, unknown
from ansible_collections.sipgate.io.plugins.module_utils._send_loop import send_to_each
from ansible_collections.sipgate.io.plugins.module_utils._sender import sending_as

SEND_ACTION = 'Sending the SMS to %s'


class Delivery(object):
    """What deliver() did: one outcome per recipient, in order, and what was read back about the sender."""

    def __init__(self, outcomes, sending):
        self.outcomes = outcomes
        # The SenderState of _sender: sender, previous_sender and sender_restored as read back, with its problems.
        self.sending = sending

    @property
    def accepted(self):
        return accepted(self.outcomes)

    @property
    def failed_recipients(self):
        return not_delivered(self.outcomes)

    @property
    def unknown_recipients(self):
        return unknown(self.outcomes)

    @property
    def warnings(self):
        """What the caller should warn about: a sender changed by something else, and a sender not set back."""
        return self.sending.warnings + self.sending.problems

    @property
    def problems(self):
        """Why the delivery failed, as sentences: the sender left switched, recipients not reached; empty when it did not."""
        summary = delivery_summary(self.outcomes)
        return self.sending.problems + ([summary] if summary else [])


def deliver(client, sms_id, text, recipients, send_at=None, sender=None, user_id=None, check_only=False,
            max_in_flight=DEFAULT_MAX_IN_FLIGHT, history_lookup=True, history_wait=HISTORY_WAIT, action=SEND_ACTION):
    """Send ``text`` from ``sms_id`` to each E.164 number of ``recipients``, each at most once; return a Delivery.

    Under the lock of the extension (_sender.sending_as): with ``sender`` it is made the extension's default for the
    sending and set back. ``send_at`` (Unix seconds) schedules the SMS. Afterwards, with the lock released, outcomes
    that are unknown are looked up in the history for up to ``history_wait`` seconds (unless not
    ``history_lookup``), and each one still unknown says which sender it would go out as. ``check_only`` checks the
    sender and sends nothing. Raises a SipgateError (a SenderError once the sender was written) when nothing was sent.
    """
    started = time.time()
    with sending_as(client, sms_id, sender, user_id, check_only=check_only) as sending:
        outcomes = [] if check_only else send_to_each(client, sms_id, text, recipients, send_at, action=action,
                                                      max_in_flight=max_in_flight)
    # After the sender is set back and the lock released: the look-up may wait for the history.
    if history_lookup:
        settle_unknown(client, sms_id, text, outcomes, started, send_at=send_at, wait=history_wait)
    sending.explain_unknown(outcomes)
    return Delivery(outcomes, sending)
