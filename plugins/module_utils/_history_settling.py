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
from ansible_collections.sipgate.io.plugins.module_utils._history import CLOCK_SKEW, find_sent, list_history
from ansible_collections.sipgate.io.plugins.module_utils._options import HISTORY_WAIT, MAX_HISTORY_PAUSE
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import SCHEDULED, SENT, UNKNOWN


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
