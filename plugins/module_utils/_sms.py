# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Sending one SMS text to each recipient with POST /sessions/sms: the one send loop of the collection.

The module and the callback both send through send_to_each() and shape its outcomes into their own results; the
lock on the extension and the switching of its sender are in _sender.
"""

from __future__ import annotations

import threading
import time

from ansible_collections.sipgate.io.plugins.module_utils._account import CLOCK_SKEW, balance_problem, find_sent, list_history, read_balance
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError, not_sent_again
from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info
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
# What only sending shows: the API has no read-only call that checks it.
NOT_VERIFIED_IN_CHECK_MODE = ('the token may send SMS (scope sessions:sms:write)',)
BALANCE_NOT_VERIFIED = 'the account balance suffices'
# How long settle_unknown() looks for an SMS in the history by default, and the longest pause between two looks.
HISTORY_WAIT = 10.0
MAX_HISTORY_PAUSE = 2.0


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


def accepted(outcomes):
    """The recipients the API accepted the SMS for."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in SENT_STATUSES]


def not_delivered(outcomes):
    """The recipients that certainly did not get the SMS: refused, or not tried; sending to them again is safe."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in (FAILED, NOT_SENT)]


def unknown(outcomes):
    """The recipients the API may have accepted the SMS for: sending to them again may send it twice."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] == UNKNOWN]


def check_balance(client):
    """What check mode learns from GET /balance: ``(balance or None, not verified, problem or None)``.

    ``problem`` is set when the balance is zero or less, as every SMS would then fail with HTTP 402. Without the scope
    balance:read (or when the balance cannot be read) the balance stays among what was not verified, saying why.
    """
    not_verified = list(NOT_VERIFIED_IN_CHECK_MODE)
    try:
        balance = read_balance(client)
    except SipgateError as error:
        why = 'the token lacks the scope balance:read' if error.status == 403 else str(error).rstrip('.')
        return None, not_verified + ['%s (%s)' % (BALANCE_NOT_VERIFIED, why)], None
    return balance, not_verified, balance_problem(balance)


def check_mode_preview(client, user_id, sms_id):
    """What check mode learns without sending: ``(warnings, balance or None, not verified, problem or None)``.

    It checks that ``sms_id`` exists (only a warning where the token may not read extensions) and reads the balance
    (check_balance); ``problem`` says why the real run would fail.
    """
    # Imported here: a plain send never reads the extensions.
    from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import confirm_sms_extension
    warning = confirm_sms_extension(client, user_id, sms_id)
    balance, not_verified, problem = check_balance(client)
    return [warning] if warning else [], balance, not_verified, problem


def settle_unknown(client, sms_id, text, outcomes, started_at, send_at=None, wait=HISTORY_WAIT, sleep=time.sleep, clock=time.time):
    """Look up every unknown outcome in the account history; return ``outcomes``, updated in place.

    An outgoing SMS from ``sms_id`` to the recipient with ``text``, dated since ``started_at`` (Unix seconds, taken
    before send_to_each, less CLOCK_SKEW), makes it ``sent`` (``scheduled`` with ``send_at``) with ``confirmed_by``
    ``history`` and ``history_id``. Otherwise it stays unknown with a ``note``: the history shows none within ``wait``
    seconds, the token lacks history:read, or the history could not be read. Nothing is ever sent again.
    """
    pending = [outcome for outcome in outcomes if outcome['status'] == UNKNOWN]
    deadline = clock() + max(wait, 0)
    pause = 0.5
    while pending:
        try:
            # No phonenumber filter: the API does not document the form it compares numbers in.
            entries = list_history(client, sms_id=sms_id, since=int(started_at) - CLOCK_SKEW)
        except SipgateError as error:
            why = 'the token lacks the scope history:read' if error.status == 403 else str(error).rstrip('.')
            for outcome in pending:
                outcome['note'] = 'The account history could not be checked for it: %s.' % why
            return outcomes
        for outcome in list(pending):
            entry = find_sent(entries, sms_id, outcome['recipient'], text, started_at)
            if entry is not None:
                outcome.update(status=SENT if send_at is None else SCHEDULED, error=None, confirmed_by='history', history_id=entry['id'])
                pending.remove(outcome)
        if not pending or clock() >= deadline:
            break
        sleep(min(pause, MAX_HISTORY_PAUSE, max(deadline - clock(), 0)))
        pause *= 2
    for outcome in pending:
        outcome['note'] = 'The account history shows no such SMS yet (looked for %g seconds).' % max(wait, 0)
    return outcomes


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
    first = next(outcome for outcome in outcomes if outcome['status'] in (FAILED, UNKNOWN))
    return ' '.join(part for part in ['%s.' % '; '.join(parts), str(first['error']), first.get('note')] if part)
