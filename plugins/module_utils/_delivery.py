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

from ansible_collections.sipgate.io.plugins.module_utils._confirmation import announce, conclude
from ansible_collections.sipgate.io.plugins.module_utils._history_settling import settle_unknown
from ansible_collections.sipgate.io.plugins.module_utils._once_within import at_most_once
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_MAX_IN_FLIGHT, HISTORY_WAIT, SENDING_TIMEOUTS
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import (
    ALREADY_SENT, SENT_STATUSES, UNKNOWN, accepted, delivery_summary, not_delivered, unknown,
)
from ansible_collections.sipgate.io.plugins.module_utils._send_loop import send_to_each
from ansible_collections.sipgate.io.plugins.module_utils._sender import SenderState, sending_as

SEND_ACTION = 'Sending the SMS to %s'


class Delivery(object):
    """What deliver() did: one outcome per recipient, in order, and what was read back about the sender.

    With once_within, a recipient the account already sent the SMS to within the window has the outcome
    ``already_sent``; in check mode only those have an outcome.
    """

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
    def already_sent(self):
        """The outcomes of the recipients not sent to, as they already got the SMS within the window of once_within."""
        return [outcome for outcome in self.outcomes if outcome['status'] == ALREADY_SENT]

    @property
    def warnings(self):
        """What the caller should warn about: a sender changed by something else, a sender not set back, and SMS the
        history shows as gone out as another sender than the one chosen."""
        return self.sending.warnings + self.sending.problems + [outcome['warning'] for outcome in self.outcomes if outcome.get('warning')]

    @property
    def problems(self):
        """Why the delivery failed, as sentences: the sender left switched, recipients not reached; empty when it did not."""
        summary = delivery_summary([outcome for outcome in self.outcomes if outcome['status'] != ALREADY_SENT])
        return self.sending.problems + ([summary] if summary else [])


def deliver(client, sms_id, text, recipients, send_at=None, sender=None, user_id=None, check_only=False,
            max_in_flight=DEFAULT_MAX_IN_FLIGHT, history_lookup=True, history_wait=HISTORY_WAIT, action=SEND_ACTION,
            once_within=None):
    """Send ``text`` from ``sms_id`` to each E.164 number of ``recipients``, each at most once; return a Delivery.

    Under the lock of the extension (_sender.sending_as): with ``sender`` it is made the extension's default for the
    sending and set back. ``send_at`` (Unix seconds) schedules the SMS. Afterwards, with the lock released, outcomes
    that are unknown are looked up in the history for up to ``history_wait`` seconds (unless not
    ``history_lookup``), and each one still unknown says which sender it would go out as. ``check_only`` checks the
    sender and sends nothing. Raises a SipgateError (a SenderError once the sender was written) when nothing was sent.

    With ``once_within`` (seconds), the recipients the account already sent ``text`` from ``sms_id`` within that window
    are not sent to (_once_within.at_most_once): its lock is held around the look-up and the sending, and when
    nobody is left, the extension's sender is neither locked nor switched. The history must be readable then, or
    nothing is sent (a SipgateError).
    """
    with at_most_once(client, sms_id, text, recipients, once_within, check_only) as once:
        if once.to_send or check_only:
            with sending_as(client, sms_id, sender, user_id, check_only=check_only) as sending:
                # From here (the lock is held) the task has SENDING_TIMEOUTS x timeout, and then history_wait for the look-up.
                client.end_within(SENDING_TIMEOUTS * client.timeout + (history_wait if history_lookup else 0))
                outcomes = []
                if not check_only:
                    # Each attempt is noted on this machine before it goes out, so that no history entry confirms two.
                    attempts = announce(client, sms_id, text, once.to_send, send_at)
                    outcomes = send_to_each(client, sms_id, text, once.to_send, send_at, action=action, max_in_flight=max_in_flight)
                    conclude(client, sms_id, text, outcomes, attempts, send_at, SENT_STATUSES, UNKNOWN)
        else:
            sending, outcomes = SenderState(sms_id), []
        once.record(outcomes)
    # After the sender is set back and the locks released: the look-up may wait for the history.
    if history_lookup:
        settle_unknown(client, sms_id, text, outcomes, send_at=send_at, sender=sending.sender, wait=history_wait)
    sending.explain_unknown(outcomes)
    return Delivery(once.in_order(recipients, outcomes), sending)
