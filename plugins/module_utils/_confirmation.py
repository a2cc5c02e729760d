# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Which history entry confirms which attempt to send an SMS, so that no entry confirms two, or an older SMS.

Every attempt is noted in the record of claims (_claims, kind ``history``, one record per API and extension) before
its request goes out, and its note is completed when the answer came: accepted, unknown, or (refused) removed. An
attempt is placed on the API's clock (_client.ApiClock, from the Date header of the API's answers): an entry fits it
when it is an outgoing SMS of the extension to the recipient with the very text and scheduled time (none for an SMS
sent at once), created no earlier than the attempt started and, for an accepted attempt, no later than its answer came (an
attempt whose outcome is unknown may be carried out later than anyone can say, until its note expires). An unknown
attempt claims the oldest fitting entry nobody claimed, but only while the
fitting entries outnumber the other attempts noted on this machine that could own them too; otherwise it stays
unknown with a note naming the entries. The sender of the entry (``source``) is reported, whatever was chosen.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid

from ansible_collections.sipgate.io.plugins.module_utils._claims import ClaimsError, decide_all, update_pending
from ansible_collections.sipgate.io.plugins.module_utils._client import canonical_api_url
from ansible_collections.sipgate.io.plugins.module_utils._history import sms_entry, timestamp

KIND = 'history'
# How long the note of an attempt stays: longer than any task that sends it settles (lock wait, sending, history wait).
NOTE_LIFETIME = 3600.0
# Where our clock and the API's are not known to agree (no Date header yet): how far apart they may be.
CLOCK_SKEW = 60.0


def record_key(client, sms_id):
    """The record of the attempts through ``sms_id`` at the client's API, however its URL is spelled."""
    return '%s %s' % (canonical_api_url(client.api_url), sms_id)


def fingerprint(recipient, text, send_at):
    """What makes two attempts the same SMS, as a hash: the text never lands on disk."""
    return hashlib.sha256(json.dumps([recipient, text, send_at]).encode('utf-8')).hexdigest()


def new_attempt_ids(recipients):
    """One id per recipient that no other attempt on any machine shares."""
    prefix = '%d-%s' % (os.getpid(), uuid.uuid4().hex[:12])
    return dict((recipient, '%s-%d' % (prefix, index)) for index, recipient in enumerate(recipients))


def announce(client, sms_id, text, recipients, send_at, directory=None, clock=time.time):
    """Note every attempt as in flight before the first request; return recipient -> attempt id, or {} when unusable."""
    attempts = new_attempt_ids(recipients)
    started = clock()
    notes = dict((attempts[recipient], dict(fingerprint=fingerprint(recipient, text, send_at), started=started, ended=None,
                                            state='in_flight')) for recipient in recipients)
    try:
        update_pending(KIND, record_key(client, sms_id), notes, expires=started + NOTE_LIFETIME, directory=directory, clock=clock)
    except ClaimsError:
        return {}
    return attempts


def conclude(client, sms_id, text, outcomes, attempts, send_at, accepted_statuses, unknown_status, directory=None, clock=time.time):
    """Complete the notes once every answer came: accepted and unknown attempts stay with their end, the others go."""
    if not attempts:
        return
    changes = {}
    for outcome in outcomes:
        attempt = attempts.get(outcome['recipient'])
        if attempt is None:
            continue
        outcome['attempt'] = attempt
        state = 'accepted' if outcome['status'] in accepted_statuses else 'unknown' if outcome['status'] == unknown_status else None
        changes[attempt] = None if state is None else dict(
            fingerprint=fingerprint(outcome['recipient'], text, send_at), started=outcome.get('started_at'),
            ended=outcome.get('ended_at'), state=state)
    try:
        update_pending(KIND, record_key(client, sms_id), changes, expires=clock() + NOTE_LIFETIME, directory=directory, clock=clock)
    except ClaimsError:
        pass


class Window(object):
    """The API times within which an attempt's entry can have been created, from our times and the ApiClock."""

    def __init__(self, api_clock, note):
        self.earliest = _earliest(api_clock, note['started'])
        if note.get('ended') is None or note['state'] != 'accepted':
            # In flight, or unknown: the API may still carry it out, later than anyone can say.
            self.latest = None
        else:
            self.latest = _latest(api_clock, note['ended'])

    def fits(self, created):
        """Whether an entry created at ``created`` (whole API seconds) can be this attempt's."""
        # The API truncates to the second: an entry stamped C was made within [C, C + 1).
        return created + 1 > self.earliest and (self.latest is None or created <= self.latest)


def _earliest(api_clock, ours):
    return api_clock.earliest(ours) if api_clock.known() else ours - CLOCK_SKEW


def _latest(api_clock, ours):
    return api_clock.latest(ours) if api_clock.known() else ours + CLOCK_SKEW


def entries_by_sms(items, sms_id):
    """The outgoing SMS entries of ``sms_id`` (or of no extension) in ``items``, by (recipient, text, scheduled), oldest first.

    One pass over the history, so that settling many recipients stays linear in its length.
    """
    index = {}
    for item in items:
        entry = sms_entry(item)
        created = timestamp(entry['created'])
        if item.get('type', 'SMS') != 'SMS' or entry['direction'] != 'outgoing' or created is None:
            continue
        if entry['sms_id'] not in (None, sms_id):
            continue
        scheduled = timestamp(entry['scheduled']) if entry['scheduled'] else None
        entry['created_at'] = created
        index.setdefault((entry['recipient'], entry['text'], None if scheduled is None else int(scheduled)), []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda entry: entry['created_at'])
    return index


def confirm_all(client, sms_id, outcomes, text, send_at, index, directory=None):
    """Claim the history entries of the unknown ``outcomes`` in one hold of the record's lock.

    Returns a list of ``(entry or None, note or None)``, one per outcome, in order. The note says why no entry was
    claimed although some fit: another attempt could own them, or they are claimed already.
    """
    results = [(None, None)] * len(outcomes)
    asking = []
    for position, outcome in enumerate(outcomes):
        entries = index.get((outcome['recipient'], text, send_at), [])
        if outcome.get('attempt') is None:
            results[position] = (None, 'Its attempt could not be noted on this machine, so no history entry is taken as its own'
                                 + (' (%s fit)' % ', '.join(str(entry['id']) for entry in entries) if entries else '') + '.')
            continue
        note = dict(fingerprint=fingerprint(outcome['recipient'], text, send_at), started=outcome.get('started_at'),
                    ended=outcome.get('ended_at'), state='unknown')
        window = Window(client.api_clock, note)
        fitting = [entry for entry in entries if window.fits(entry['created_at'])]
        if fitting:
            asking.append((position, outcome['attempt'], note['fingerprint'], fitting))
    if not asking:
        return results

    def choose(claims, notes):
        # The notes by what they send, so that finding the rivals of each attempt stays linear.
        by_fingerprint = {}
        for attempt_id, entry in notes.items():
            by_fingerprint.setdefault(entry['data'].get('fingerprint'), []).append((attempt_id, entry['data']))
        chosen, why = {}, {}
        for position, attempt, print_, fitting in asking:
            free = [entry for entry in fitting if str(entry['id']) not in claims]
            rivals = [attempt_id for attempt_id, data in by_fingerprint.get(print_, [])
                      if attempt_id != attempt and chosen.get(attempt_id) is None
                      and any(Window(client.api_clock, data).fits(entry['created_at']) for entry in free)]
            if free and len(free) > len(rivals):
                chosen[attempt] = free[0]['id']
                claims[str(free[0]['id'])] = attempt
            else:
                chosen[attempt] = None
                why[position] = (free, rivals)
        return chosen, why
    try:
        chosen, why = decide_all(KIND, record_key(client, sms_id), choose, directory=directory)
    except ClaimsError as error:
        note = 'The record of claims on this machine could not be used, so no history entry is taken as its own: %s.' % error
        for position, dummy, dummy, dummy in asking:
            results[position] = (None, note)
        return results
    for position, attempt, dummy, fitting in asking:
        if chosen.get(attempt) is not None:
            results[position] = (next(entry for entry in fitting if entry['id'] == chosen[attempt]), None)
        else:
            results[position] = (None, _unclaimed_note(fitting, *why[position]))
    return results


def _unclaimed_note(fitting, free, rivals):
    named = ', '.join(str(entry['id']) for entry in fitting)
    if not free:
        return 'The history entries that fit it (%s) confirm other attempts already, so it is not confirmed.' % named
    return ('The history shows %d entr%s that fit it (%s), but %d other attempt%s on this machine could own %s too, so none is '
            'taken as its own.' % (len(free), 'y' if len(free) == 1 else 'ies', named, len(rivals), '' if len(rivals) == 1 else 's',
                                   'it' if len(free) == 1 else 'them'))
