# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Settling outcomes that are unknown from the account history: the SMS shows there, or it stays unknown.

Nothing is ever sent again here: the history only tells whether an SMS the API did not confirm went out.
"""

from __future__ import annotations

import time

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._confirmation import CLOCK_SKEW, confirm_all, entries_by_sms
from ansible_collections.sipgate.io.plugins.module_utils._history import list_history
from ansible_collections.sipgate.io.plugins.module_utils._options import HISTORY_WAIT, MAX_HISTORY_PAUSE
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import SCHEDULED, SENT, UNKNOWN


def settle_unknown(client, sms_id, text, outcomes, send_at=None, sender=None, wait=HISTORY_WAIT, sleep=time.sleep,
                   clock=time.time, directory=None):
    """Look up every unknown outcome in the account history; return ``outcomes``, updated in place.

    An entry that _confirmation.confirm_all() lets the attempt claim (the SMS of the extension to the recipient with
    ``text`` and ``send_at``, created while the attempt was on its way, and owned by no other attempt) makes it ``sent``
    (``scheduled`` with ``send_at``) with ``confirmed_by`` ``history``, ``history_id`` and ``sender``, the sender the
    entry shows (with a ``warning`` when it is not ``sender``, the one chosen). Otherwise it stays unknown with a
    ``note``: the history shows none within ``wait`` seconds, the entries that fit could be another attempt's, the token
    lacks history:read, or the history could not be read. Nothing is ever sent again.
    """
    pending = [outcome for outcome in outcomes if outcome['status'] == UNKNOWN]
    deadline = clock() + max(wait, 0)
    left = client.remaining()
    if left is not None:
        deadline = min(deadline, clock() + max(left, 0))
    pause = 0.5
    while pending:
        earliest = min(outcome.get('started_at') or clock() for outcome in pending)
        since = client.api_clock.earliest(earliest) if client.api_clock.known() else earliest - CLOCK_SKEW
        try:
            # No phonenumber filter: the API does not document the form it compares numbers in.
            index = entries_by_sms(list_history(client, sms_id=sms_id, since=int(since) - 2), sms_id)
        except SipgateError as error:
            why = 'the token lacks the scope history:read' if error.status == 403 else str(error).rstrip('.')
            for outcome in pending:
                outcome['note'] = 'The account history could not be checked for it: %s.' % why
            return outcomes
        for outcome, (entry, note) in list(zip(pending, confirm_all(client, sms_id, pending, text, send_at, index, directory=directory))):
            if entry is None:
                if note:
                    outcome['note'] = note
                continue
            outcome.update(status=SENT if send_at is None else SCHEDULED, error=None, confirmed_by='history',
                           history_id=entry['id'], sender=entry['sender'])
            outcome.pop('note', None)
            if sender is not None and entry['sender'] != sender:
                outcome['warning'] = ('The SMS to %s went out as %s, not as %s: the history shows it so (entry %s); the API '
                                      'carried it out when %s was not the default sender of %s.'
                                      % (outcome['recipient'], entry['sender'], sender, entry['id'], sender, sms_id))
            pending.remove(outcome)
        if not pending or clock() >= deadline:
            break
        sleep(min(pause, MAX_HISTORY_PAUSE, max(deadline - clock(), 0)))
        pause *= 2
    for outcome in pending:
        outcome.setdefault('note', 'The account history shows no such SMS yet (looked for %g seconds).' % max(wait, 0))
    return outcomes
