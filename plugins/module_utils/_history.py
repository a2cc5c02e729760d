# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The SMS history of the account (GET /history): reading page after page, the entries as modules return
them, and finding an SMS that was sent.
"""

from __future__ import annotations

import datetime
import re

from urllib.parse import urlencode

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError

HISTORY_PATH = '/history'
# The API's most entries per page (the limit of GET /history).
HISTORY_PAGE_LIMIT = 1000
# How far before the attempt a history entry may be dated: the API's clock and ours differ, and it keeps whole seconds.
CLOCK_SKEW = 60
DIRECTIONS = {'outgoing': ['OUTGOING'], 'incoming': ['INCOMING'], 'any': []}
HISTORY_HINTS = {403: 'no permission: the token lacks the scope history:read'}
_SMS_ID = re.compile(r's[0-9]+')


def timestamp(text):
    """Unix seconds of an ISO 8601 time as the API writes it (``2026-12-01T08:30:00Z``), or None when it is not one."""
    from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, parse_send_at
    if not isinstance(text, str):
        return None
    try:
        when = parse_send_at(text)
    except ScheduleError:
        return None
    return (when - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)).total_seconds()


def iso_utc(seconds):
    """Unix seconds as the ISO 8601 UTC time the API's from and to filters take, to the second."""
    when = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=int(seconds))
    return when.strftime('%Y-%m-%dT%H:%M:%SZ')


def history_query(sms_id=None, phonenumber=None, direction='outgoing', since=None, until=None, offset=0, limit=HISTORY_PAGE_LIMIT):
    """The query string of GET /history for SMS: ``since`` and ``until`` in Unix seconds."""
    params = [('types', 'SMS')]
    params.extend(('directions', name) for name in DIRECTIONS[direction])
    if sms_id:
        params.append(('connectionIds', sms_id))
    if phonenumber:
        params.append(('phonenumber', phonenumber))
    if since is not None:
        params.append(('from', iso_utc(since)))
    if until is not None:
        params.append(('to', iso_utc(until)))
    params.extend([('offset', offset), ('limit', limit)])
    return urlencode(params)


def list_history(client, limit=None, **filters):
    """The SMS entries of the history, newest first, at most ``limit`` (None for all), reading page after page."""
    entries = []
    while limit is None or len(entries) < limit:
        page_size = HISTORY_PAGE_LIMIT if limit is None else min(HISTORY_PAGE_LIMIT, limit - len(entries))
        answer = client.get('%s?%s' % (HISTORY_PATH, history_query(offset=len(entries), limit=page_size, **filters)),
                            action='Reading the SMS history', hints=HISTORY_HINTS)
        items = answer.get('items') if isinstance(answer, dict) else None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise SipgateError('Reading the SMS history failed: the API answered without a list of items.', kind='invalid_response')
        entries.extend(items)
        total = answer.get('totalCount')
        if len(items) < page_size or (isinstance(total, int) and len(entries) >= total):
            break
    return entries


def _e164(number):
    if not isinstance(number, str):
        return number
    number = re.sub(r'[\s()./-]', '', number)
    return '+' + number[2:] if number.startswith('00') else number


def sms_entry(item):
    """One history entry as the modules return it."""
    connection_ids = item.get('connectionIds') or []
    return dict(
        id=item.get('id'),
        created=item.get('created'),
        direction=(item.get('direction') or '').lower() or None,
        sms_id=next((value for value in connection_ids if isinstance(value, str) and _SMS_ID.fullmatch(value)), None),
        sender=item.get('source'),
        recipient=_e164(item.get('target')),
        # sipgate's entries carry the text as smsContent; sipgateio-node's types name it content.
        text=item.get('smsContent', item.get('content')),
        scheduled=item.get('scheduled'),
    )


def find_sent(entries, sms_id, recipient, text, started_at, skew=CLOCK_SKEW):
    """The history entry of the SMS ``text`` sent from ``sms_id`` to ``recipient`` at ``started_at`` (Unix seconds), or None.

    An entry matches when it is an outgoing SMS of that extension to that number with that very text, dated no earlier
    than ``skew`` seconds before the attempt (the API keeps whole seconds, and clocks differ).
    """
    for item in entries:
        entry = sms_entry(item)
        created = timestamp(entry['created'])
        if item.get('type', 'SMS') != 'SMS' or entry['direction'] != 'outgoing' or created is None:
            continue
        if entry['sms_id'] not in (None, sms_id) or entry['recipient'] != recipient or entry['text'] != text:
            continue
        if created >= int(started_at) - skew:
            return entry
    return None
