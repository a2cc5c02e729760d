# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""What happened for each recipient of an SMS, and the one message that tells it truthfully.

The outcome of one recipient is ``{recipient, status, http_status, error}`` (see _send_loop.send_to_each), with
``confirmed_by``, ``history_id`` or ``note`` once the history was looked at (_history_settling).
"""

from __future__ import annotations

SENT = 'sent'
SCHEDULED = 'scheduled'
# The API may have accepted the SMS: it timed out, the connection dropped after the request, or a gateway failed.
UNKNOWN = 'unknown'
FAILED = 'failed'
NOT_SENT = 'not_sent'
SENT_STATUSES = frozenset([SENT, SCHEDULED])


def accepted(outcomes):
    """The recipients the API accepted the SMS for."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in SENT_STATUSES]


def not_delivered(outcomes):
    """The recipients that certainly did not get the SMS: refused, or not tried; sending to them again is safe."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] in (FAILED, NOT_SENT)]


def unknown(outcomes):
    """The recipients the API may have accepted the SMS for: sending to them again may send it twice."""
    return [outcome['recipient'] for outcome in outcomes if outcome['status'] == UNKNOWN]


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
