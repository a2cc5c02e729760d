# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Sending one SMS text to each recipient with POST /sessions/sms: the one send loop of the collection.

Each recipient is sent to at most once, first one after the other until the API accepted one SMS, then several at a
time. _delivery wraps it with the sender lock and the history look-up; the outcomes are those of _outcomes.
"""

from __future__ import annotations

import threading
import time

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError, not_sent_again
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import FAILED, NOT_SENT, SCHEDULED, SENT, SENT_STATUSES, UNKNOWN
from ansible_collections.sipgate.io.plugins.module_utils._sms_message import sms_body

SEND_SMS_PATH = '/sessions/sms'
UNKNOWN_NOTE = not_sent_again('to avoid a duplicate SMS')


def send_to_each(client, sms_id, text, recipients, send_at=None, action='Sending the SMS to %s', max_in_flight=1):
    """Send ``text`` to each E.164 number in ``recipients``, each at most once; return one outcome per recipient, in order.

    An outcome is ``{recipient, status, http_status, error}``; ``error`` is the SipgateError of a failed recipient or
    one whose outcome is unknown, or for one not tried the error that stopped the sending. Once a failure shows that
    every other recipient would fail the same way (credentials, balance, permission, API unreachable), the rest are
    not tried. An unknown outcome says nothing about the other recipients, so they are still tried.

    The recipients are sent to one after the other until the API accepted one SMS, which shows that credentials,
    balance and permission are fine; then up to ``max_in_flight`` at a time (see send_concurrently). A failure every
    request would share then stops only the sends not started yet: those in flight finish and report what they got.
    """
    accepted_status = SENT if send_at is None else SCHEDULED
    plan = SendPlan(recipients)

    def send(worker_client, index):
        recipient = recipients[index]
        return send_one(worker_client, sms_body(sms_id, text, recipient, send_at), action % recipient, accepted_status)

    send_in_turn(plan, send, client, until_accepted=True)
    workers = min(max_in_flight, plan.left())
    if workers > 1:
        send_concurrently(plan, send, client, workers)
    else:
        send_in_turn(plan, send, client)
    return plan.outcomes()


def send_one(client, body, action, accepted_status=SENT):
    """POST one SendWebSmsRequest ``body``; its outcome, ``accepted_status`` when the API accepted it."""
    outcome = dict(recipient=body['recipient'], status=NOT_SENT, http_status=None, error=None)
    try:
        outcome['http_status'] = client.post(SEND_SMS_PATH, body, action=action, unknown_note=UNKNOWN_NOTE)
        outcome['status'] = accepted_status
    except SipgateError as error:
        outcome.update(status=UNKNOWN if error.may_have_been_accepted else FAILED, http_status=error.status, error=error)
    return outcome


class SendPlan(object):
    """Who is sent to next, and the outcomes so far; shared by the threads that send.

    Each recipient is handed out once, in input order, and none after a failure that every request would share.
    """

    def __init__(self, recipients):
        self.recipients = list(recipients)
        self.blocking_error = None
        self.stopped = False
        self._outcomes = [None] * len(self.recipients)
        self._next = 0
        self._lock = threading.Lock()

    def take(self):
        """The index of the next recipient to send to, or None when every one was handed out or the sending stopped."""
        with self._lock:
            if self.stopped or self._next >= len(self.recipients):
                return None
            self._next += 1
            return self._next - 1

    def record(self, index, outcome):
        """Keep the outcome of the recipient at ``index``; stop the sending if its failure would fail every other one."""
        with self._lock:
            self._outcomes[index] = outcome
            error = outcome['error']
            if outcome['status'] == FAILED and error.affects_every_request and self.blocking_error is None:
                self.blocking_error = error
                self.stopped = True

    def stop(self):
        """Hand out no more recipients."""
        with self._lock:
            self.stopped = True

    def left(self):
        """How many recipients are still to be handed out."""
        with self._lock:
            return 0 if self.stopped else len(self.recipients) - self._next

    def outcomes(self):
        """The outcomes in input order; a recipient never handed out is ``not_sent``, with the error that stopped the sending."""
        with self._lock:
            return [outcome or dict(recipient=recipient, status=NOT_SENT, http_status=None, error=self.blocking_error)
                    for recipient, outcome in zip(self.recipients, self._outcomes)]


class RetryGate(object):
    """A pause shared by the threads that send: while one waits before a retry (a 429 with Retry-After), none sends.

    ``sleep`` waits; a thread that pauses or waits for the gate sleeps until the end of the latest pause.
    """

    def __init__(self, sleep, clock=time.monotonic):
        self._sleep = sleep
        self._clock = clock
        self._until = None
        self._lock = threading.Lock()

    def close(self, seconds):
        """Let nobody through for ``seconds`` from now, unless the gate is closed for longer already."""
        with self._lock:
            until = self._clock() + seconds
            if self._until is None or until > self._until:
                self._until = until

    def pause(self, seconds):
        """Close the gate for ``seconds``, then wait until it opens: what a thread does instead of sleeping before a retry."""
        self.close(seconds)
        self.wait()

    def wait(self):
        """Return once the gate is open: at once, or after sleeping until the latest pause is over."""
        while True:
            with self._lock:
                until = self._until
            remaining = None if until is None else until - self._clock()
            if remaining is None or remaining <= 0:
                return
            self._sleep(remaining)
            with self._lock:
                if self._until == until:
                    # Slept to its end, and no longer pause came meanwhile: the gate is open for everyone.
                    self._until = None
                    return


def send_in_turn(plan, send, client, until_accepted=False, gate=None):
    """Send to the plan's next recipients one after the other with ``send(client, index)``; stop when none is left.

    With ``until_accepted``, stop after the first SMS the API accepted. With ``gate``, wait for it before each request.
    """
    while True:
        if gate is not None:
            gate.wait()
        index = plan.take()
        if index is None:
            return
        outcome = send(client, index)
        plan.record(index, outcome)
        if until_accepted and outcome['status'] in SENT_STATUSES:
            return


def send_concurrently(plan, send, client, workers):
    """Send the rest of ``plan`` from ``workers`` threads, this one included, each with its own HTTP session.

    This thread goes on with ``client``'s session, which is idle meanwhile, so its connection is kept. Every thread
    waits at one RetryGate before each request, so a wait before a retry pauses all of them.
    If a thread raises, the others start no new request, and the error is raised here once they have finished.
    """
    gate = RetryGate(client.sleep)
    clients = [client.sibling(sleep=gate.pause) for dummy in range(workers - 1)]
    errors = []

    def work(worker_client):
        try:
            send_in_turn(plan, send, worker_client, gate=gate)
        except BaseException as error:  # pylint: disable=broad-exception-caught
            plan.stop()
            errors.append(error)

    threads = []
    try:
        for worker_client in clients:
            thread = threading.Thread(target=work, args=(worker_client,), name='sipgate-sms-%d' % (len(threads) + 1))
            try:
                thread.start()
            except RuntimeError:
                # No more threads on this host: the ones running send the rest.
                break
            threads.append(thread)
        send_in_turn(plan, send, client.sibling(sleep=gate.pause, session=client.session), gate=gate)
    except BaseException:
        plan.stop()
        raise
    finally:
        for thread in threads:
            thread.join()
        for worker_client in clients:
            worker_client.close()
    if errors:
        raise errors[0]
