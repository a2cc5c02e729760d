# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""At most once within a window: which recipients the account already sent the same SMS to.

An SMS counts as already sent to a recipient when the account history shows an outgoing SMS from the same extension
to that number with the very same text, dated within the window; or when a task on this machine sent it (or may have:
its outcome is unknown) and the history does not show it yet, which the claims record keeps as a pending attempt.
The window logic is plain functions here; reading the history and the claims is find_already_sent(), and
once_within_guard() holds the lock from that look-up until the attempts are recorded.

Across forks and runs on one machine: the look-up and the send of one text from one extension (of one API) hold one
lock (``_lock.held``, exclusive), so they are serialised per extension, recipient and text, and one lock serves every
recipient of a task (no order to keep between locks, one file whatever the number of recipients). Each attempt is noted
as pending in the claims record (kind ``once_within``, the same key) before the request goes out, so a task that comes
next sees either the SMS in the history or the pending attempt, also when the task before it was killed while sending
(its attempt stays pending, as its outcome is unknown).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid

from ansible_collections.sipgate.io.plugins.module_utils import _claims
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError, canonical_api_url
from ansible_collections.sipgate.io.plugins.module_utils._confirmation import CLOCK_SKEW
from ansible_collections.sipgate.io.plugins.module_utils._duration import describe
from ansible_collections.sipgate.io.plugins.module_utils._history import iso_utc, list_history, sms_entry, timestamp
from ansible_collections.sipgate.io.plugins.module_utils._lock import LockError, LockTimeout, held, lock_name
from ansible_collections.sipgate.io.plugins.module_utils._options import LOCK_WAIT
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import ALREADY_SENT, FAILED, NOT_SENT, SENT_STATUSES

# The claims record's kind of the attempts of once_within that the history may not show yet.
CLAIMS_KIND = 'once_within'
# Where the earlier SMS is known from.
FROM_HISTORY = 'history'
FROM_PENDING = 'pending'


def within(created, now, window):
    """Whether a send at ``created`` (Unix seconds) lies within the ``window`` seconds up to ``now``, both edges included.

    A time after ``now`` (the API's clock runs ahead of ours) lies within it too: that SMS was certainly sent.
    """
    return created is not None and created >= now - window


def is_same_sms(item, sms_id, recipient, text):
    """Whether the history entry ``item`` is an outgoing SMS from ``sms_id`` to ``recipient`` with exactly ``text``.

    An entry that names no extension counts for any, as in the look-up of unknown outcomes: the API may leave
    ``connectionIds`` out, and counting one SMS too many here only skips a send, never repeats one.
    """
    entry = sms_entry(item)
    return (item.get('type', 'SMS') == 'SMS' and entry['direction'] == 'outgoing' and entry['sms_id'] in (None, sms_id)
            and entry['recipient'] == recipient and entry['text'] == text)


def earlier_in_history(items, sms_id, recipient, text, now, window):
    """The newest SMS of the history ``items`` that is the same SMS sent within the window, as an earlier send; or None."""
    return newest_by_recipient(items, sms_id, text, now, window).get(recipient)


def newest_by_recipient(items, sms_id, text, now, window):
    """``{recipient: earlier send}``: the newest SMS of the history ``items`` with ``text`` from ``sms_id`` to each
    recipient within the window. One pass over the history, whatever the number of recipients."""
    newest = {}
    for item in items:
        created = timestamp(item.get('created'))
        if not within(created, now, window):
            continue
        recipient = sms_entry(item)['recipient']
        if is_same_sms(item, sms_id, recipient, text) and (recipient not in newest or created > newest[recipient][0]):
            newest[recipient] = (created, item)
    return dict((recipient, earlier_send(recipient, created, FROM_HISTORY, history_id=item.get('id')))
                for recipient, (created, item) in newest.items())


def earlier_pending(recipient, attempts, now, window):
    """The newest of the pending ``attempts`` made within the window, as an earlier send; or None.

    An attempt is ``{created, outcome}``: Unix seconds of when it was made, and ``sent`` or ``unknown`` (a task that
    ended before it knew, killed for one, leaves ``unknown``).
    """
    newest = None
    for attempt in attempts:
        created = attempt.get('created')
        if within(created, now, window) and (newest is None or created > newest['created']):
            newest = attempt
    if newest is None:
        return None
    return earlier_send(recipient, newest['created'], FROM_PENDING, outcome=newest.get('outcome') or 'unknown')


def earlier_send(recipient, created, source, history_id=None, outcome='sent'):
    """What a result says of the SMS that makes ``recipient`` already_sent."""
    return dict(recipient=recipient, history_id=history_id, sent_at=iso_utc(created), created=created, source=source,
                outcome=outcome)


def earlier_sends(recipients, items, attempts_by_recipient, sms_id, text, now, window):
    """``{recipient: earlier send}`` for each of ``recipients`` that already got ``text`` from ``sms_id`` within the window.

    The history counts first, as it tells the history_id; a pending attempt counts when the history does not show the
    SMS (yet).
    """
    found = {}
    in_history = newest_by_recipient(items, sms_id, text, now, window)
    for recipient in recipients:
        earlier = (in_history.get(recipient)
                   or earlier_pending(recipient, attempts_by_recipient.get(recipient) or [], now, window))
        if earlier is not None:
            found[recipient] = earlier
    return found


def seen_in_history(attempt, earlier, skew):
    """Whether the history entry ``earlier`` shows the pending ``attempt``: it is dated no earlier than the attempt.

    ``skew`` seconds are allowed, as the API keeps whole seconds and clocks differ.
    """
    return earlier is not None and earlier['source'] == FROM_HISTORY and earlier['created'] >= attempt['created'] - skew


def skip_note(earlier, window):
    """Why a recipient is not sent to, as one sentence naming the earlier SMS and when it went out."""
    within_text = 'within once_within %s; not sent again.' % describe(window)
    if earlier['source'] == FROM_HISTORY:
        return 'The same SMS went to %s at %s (history entry %s), %s' % (
            earlier['recipient'], earlier['sent_at'], earlier['history_id'], within_text)
    if earlier['outcome'] == 'sent':
        return ('The same SMS went to %s at %s from another task on this machine (the account history does not show it '
                'yet), %s' % (earlier['recipient'], earlier['sent_at'], within_text))
    return ('The same SMS may have gone to %s at %s from another task on this machine (its outcome is unknown, and the '
            'account history does not show it), %s' % (earlier['recipient'], earlier['sent_at'], within_text))


def once_key(api_url, sms_id, text):
    """The key of one text from one extension for the lock and the claims: a hash of the account's API, extension and text.

    Every spelling of one API gives one key (canonical_api_url), and the text is hashed, so a key is safe in a file name
    and tells nothing of the SMS.
    """
    return hashlib.sha256('\0'.join([canonical_api_url(api_url), sms_id, text]).encode('utf-8')).hexdigest()


def find_already_sent(client, sms_id, text, recipients, window, now, clear_seen=False, directory=None):
    """``{recipient: earlier send}`` of ``recipients`` that already got ``text`` from ``sms_id`` within ``window`` seconds.

    Reads the SMS history of the extension over the window (scope history:read) and the pending attempts of this
    machine. Fails closed: a SipgateError when either cannot be read, as then nobody can be known not to have got it.
    ``clear_seen`` (with the lock held) removes the pending attempts that the history shows now. ``directory`` is the
    base of the lock directory (for tests).
    """
    try:
        # No phonenumber filter: the API does not document the form it compares numbers in.
        items = list_history(client, sms_id=sms_id, since=int(now - window))
    except SipgateError as error:
        raise SipgateError('once_within needs the account history to tell who got this SMS within %s, and it could not be '
                           'read: %s' % (describe(window), error), kind=error.kind, status=error.status, api_message=error.api_message)
    key = once_key(client.api_url, sms_id, text)
    attempts = {}
    for attempt_id, record in _claims_call(_claims.pending, CLAIMS_KIND, key, directory=directory).items():
        data = record.get('data') or {}
        attempts.setdefault(data.get('recipient'), []).append(
            dict(attempt_id=attempt_id, created=record['created'], outcome=data.get('outcome')))
    found = earlier_sends(recipients, items, attempts, sms_id, text, now, window)
    if clear_seen:
        seen = [attempt['attempt_id'] for recipient in recipients for attempt in attempts.get(recipient) or []
                if seen_in_history(attempt, found.get(recipient), CLOCK_SKEW)]
        _update_attempts(key, dict.fromkeys(seen), directory)
    return found


class OnceWithin(object):
    """Who already got the SMS (``already_sent``: recipient -> earlier send) and who is to be sent to (``to_send``).

    record() takes the outcomes of sending to ``to_send``; see once_within_guard().
    """

    def __init__(self, window, already_sent, to_send):
        self.window = window
        self.already_sent = already_sent
        self.to_send = to_send
        self.outcomes = None

    def record(self, outcomes):
        self.outcomes = outcomes

    def in_order(self, recipients, outcomes):
        """The outcomes of ``recipients`` in their order: those of ``outcomes``, and ``already_sent`` for the skipped.

        A recipient with neither (check mode sends nothing) is left out.
        """
        by_recipient = dict((outcome['recipient'], outcome) for outcome in outcomes)
        by_recipient.update((recipient, already_sent_outcome(earlier, self.window)) for recipient, earlier in self.already_sent.items())
        return [by_recipient[recipient] for recipient in recipients if recipient in by_recipient]


def already_sent_outcome(earlier, window):
    """The outcome of a recipient not sent to, as the earlier send names it: its history_id (None while only
    pending), the time it went out and a note saying why."""
    return dict(recipient=earlier['recipient'], status=ALREADY_SENT, http_status=None, error=None,
                history_id=earlier['history_id'], sent_at=earlier['sent_at'], note=skip_note(earlier, window))


def at_most_once(client, sms_id, text, recipients, window, check_only=False):
    """A context manager giving the OnceWithin of sending ``text`` from ``sms_id`` to ``recipients`` at most once within
    ``window`` seconds.

    Without ``window`` everyone is to be sent to. With ``check_only`` the history and the pending attempts are read
    at once, without a lock, and nothing is noted; otherwise it is once_within_guard().
    """
    if window is None:
        return contextlib.nullcontext(OnceWithin(None, {}, list(recipients)))
    if check_only:
        found = find_already_sent(client, sms_id, text, recipients, window, time.time())
        return contextlib.nullcontext(OnceWithin(window, found, [recipient for recipient in recipients if recipient not in found]))
    return once_within_guard(client, sms_id, text, recipients, window)


@contextlib.contextmanager
def once_within_guard(client, sms_id, text, recipients, window, wait=LOCK_WAIT, clock=time.time, directory=None):
    """Hold the lock of ``text`` from ``sms_id``, find who already got it, and note an attempt for each of the others.

    Yields a OnceWithin. Before the block, every recipient of ``to_send`` has a pending attempt of outcome unknown in the
    claims record. The block sends to ``to_send`` and passes the outcomes to record(): an SMS the API accepted stays
    pending as sent, one of unknown outcome as unknown, and one that certainly did not go out is cleared. A block that
    raises a SipgateError sent nothing, and every attempt is cleared; one that ends otherwise without record() (killed,
    interrupted) leaves them pending, as their outcome is unknown.
    """
    key = once_key(client.api_url, sms_id, text)
    with _lock(lock_name(key, purpose='once'), wait, directory):
        found = find_already_sent(client, sms_id, text, recipients, window, clock(), clear_seen=True, directory=directory)
        guard = OnceWithin(window, found, [recipient for recipient in recipients if recipient not in found])
        # One attempt per recipient, named by this task's id and the recipient; all noted in one write of the record.
        attempt = uuid.uuid4().hex
        noted = []
        try:
            _update_attempts(key, dict(_attempt(attempt, recipient, 'unknown') for recipient in guard.to_send), directory)
            noted = guard.to_send
            yield guard
        except SipgateError:
            _update_attempts(key, dict(_attempt(attempt, recipient, None) for recipient in noted), directory)
            raise
        if guard.outcomes is None:
            _update_attempts(key, dict(_attempt(attempt, recipient, None) for recipient in noted), directory)
            return
        _update_attempts(key, dict(_attempt(attempt, outcome['recipient'], None if outcome['status'] in (FAILED, NOT_SENT) else 'sent')
                                   for outcome in guard.outcomes if outcome['status'] in SENT_STATUSES | {FAILED, NOT_SENT}), directory)


def _attempt(attempt, recipient, outcome):
    """The claims record's change for ``recipient``'s attempt: noted with ``outcome``, or forgotten with None."""
    return '%s %s' % (attempt, recipient), None if outcome is None else {'recipient': recipient, 'outcome': outcome}


def _update_attempts(key, changes, directory):
    """Apply ``changes`` (attempt id -> data, or None to forget it) to the record in one locked write; none: no write."""
    if changes:
        _claims_call(_claims.update_pending, CLAIMS_KIND, key, changes, directory=directory)


@contextlib.contextmanager
def _lock(name, wait, directory):
    try:
        with held(name, exclusive=True, wait=wait, directory=directory):
            yield
    except LockTimeout as timeout:
        raise SipgateError('Waited %.1f seconds for another task on this machine that sends the same SMS with once_within, '
                           'and gave up (lock file %s).' % (timeout.waited, timeout), kind='lock')
    except LockError as error:
        raise SipgateError('once_within cannot lock the SMS on this machine: %s.' % error, kind='config')


def _claims_call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except _claims.ClaimsError as error:
        raise SipgateError('once_within cannot use the record of attempts on this machine: %s.' % error, kind='config')
