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
The window logic is plain functions here; reading the history and the claims under the lock is once_within_guard().
"""

from __future__ import annotations

import hashlib

from ansible_collections.sipgate.io.plugins.module_utils._account import iso_utc, sms_entry, timestamp
from ansible_collections.sipgate.io.plugins.module_utils._duration import describe

# The status of a recipient that is not sent to, because it already got the SMS within the window.
ALREADY_SENT = 'already_sent'
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
    newest = None
    for item in items:
        created = timestamp(item.get('created'))
        if within(created, now, window) and is_same_sms(item, sms_id, recipient, text):
            if newest is None or created > newest[0]:
                newest = (created, item)
    if newest is None:
        return None
    return earlier_send(recipient, newest[0], FROM_HISTORY, history_id=newest[1].get('id'))


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
    for recipient in recipients:
        earlier = (earlier_in_history(items, sms_id, recipient, text, now, window)
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
    within_text = 'within once_within %s' % describe(window)
    if earlier['source'] == FROM_HISTORY:
        return ('The account history shows the same SMS to %s at %s (history entry %s), %s; not sent again.'
                % (earlier['recipient'], earlier['sent_at'], earlier['history_id'], within_text))
    how = 'sent' if earlier['outcome'] == 'sent' else 'possibly sent (its outcome is unknown)'
    return ('Another task on this machine %s the same SMS to %s at %s, which the account history does not show yet, %s; '
            'not sent again.' % (how, earlier['recipient'], earlier['sent_at'], within_text))


def once_key(api_url, sms_id, recipient, text):
    """The key of one SMS for the lock and the claims: a hash of the account's API, the extension, recipient and text.

    The scheme and host of ``api_url`` are compared without case, and the text is hashed, so a key is safe in a file name
    and tells nothing of the SMS.
    """
    scheme, separator, rest = api_url.partition('://')
    host, slash, path = rest.partition('/')
    api = (scheme.lower() + separator + host.lower() + slash + path).rstrip('/')
    return hashlib.sha256('\0'.join([api, sms_id, recipient, text]).encode('utf-8')).hexdigest()
