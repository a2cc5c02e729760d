# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The SMS the account received: reading them from the history, waiting for a reply, marking one read.

sipgate keeps received SMS in the account history (``GET /history`` with ``directions=INCOMING``) and sends no push
event for them, so a reply is waited for by polling, with a pause that grows. Shared by the module
sipgate_sms_wait_for_reply and the Event-Driven Ansible source sms_inbox; nothing here imports Ansible.
"""

from __future__ import annotations

import os
import re
import time
import uuid

from urllib.parse import quote

from ansible_collections.sipgate.io.plugins.module_utils._claims import claim
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._history import HISTORY_HINTS, list_history, timestamp
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, country_code_of, normalize_number

# The pause between two reads of the history while waiting: it starts short, so a quick reply is seen quickly, and
# grows, so a long wait costs few requests.
FIRST_PAUSE = 2.0
PAUSE_GROWTH = 1.5
LONGEST_PAUSE = 30.0
# After a failed read (rate limit, server error, no connection) the pause doubles, up to this.
LONGEST_ERROR_PAUSE = 120.0
# The claims record's kind for received SMS that a wait has taken as its reply.
REPLY_CLAIMS = 'reply'
MARK_READ_HINTS = {403: 'no permission: the token lacks the scope history:write'}
# Failures of a read that may pass: the wait goes on, with a longer pause.
PASSING_FAILURES = frozenset(['refused', 'dns', 'connect_timeout', 'read_timeout', 'dropped'])


class ReplyError(ValueError):
    """A pattern for the text of a reply that cannot be used."""


def is_passing(error):
    """True for a failed read that may succeed later: a rate limit, a server or gateway error, no connection."""
    return error.kind in PASSING_FAILURES or error.status == 429 or (error.status is not None and error.status >= 500)


def spaced_number(number):
    """``+4915799940001`` as ``+49 15799940001``: the same number, in a form that template engines keep as text.

    ansible-rulebook renders templates natively, so ``"+4915799940001"`` would reach a module as the integer
    4915799940001, which has lost its +; with a space after the country code it stays a string. Sender names and
    anything else that is not an E.164 number are returned as they are.
    """
    if not isinstance(number, str) or not re.fullmatch(r'\+[1-9][0-9]{6,14}', number):
        return number
    digits = number[1:]
    code = country_code_of(digits)
    return '+%s %s' % (code, digits[len(code):])


def e164_or_as_is(number):
    """A number from the history in E.164 form; a name (or anything that is not a number) as it is."""
    try:
        return normalize_number(number)
    except PhoneNumberError:
        return number


def received_sms(item):
    """One received SMS of the history as the collection shows it: id, created, sender, recipient, text, read."""
    return dict(
        id=item.get('id'),
        created=item.get('created'),
        sender=e164_or_as_is(item.get('source')),
        recipient=e164_or_as_is(item.get('target')),
        text=item.get('smsContent', item.get('content')),
        read=item.get('read'),
    )


def list_received(client, since=None, limit=None):
    """The SMS the account received from ``since`` (Unix seconds) on, oldest first, as received_sms shows them.

    Only entries the history marks as incoming SMS that are dated and not before ``since`` are kept, whatever the
    API's filters did.
    """
    entries = []
    for item in list_history(client, limit=limit, direction='incoming', since=since):
        created = timestamp(item.get('created'))
        if item.get('type', 'SMS') != 'SMS' or item.get('direction') != 'INCOMING' or created is None:
            continue
        if since is not None and created < int(since):
            continue
        entries.append((created, _numeric_id(item.get('id')), received_sms(item)))
    return [entry for dummy, dummy, entry in sorted(entries, key=lambda entry: entry[:2])]


def _numeric_id(entry_id):
    return int(entry_id) if isinstance(entry_id, str) and entry_id.isdigit() else 0


def api_now(client, clock=time.time):
    """Now on the API's clock: one read of the history (which also checks the credentials and the scope history:read).

    The time is the API's clock as the Date headers of its answers place it (the client's api_clock, which compares them
    with time.time()), else this machine's ``clock``: received SMS are dated by the API, so a wait compares them with the
    API's time, not with a clock that may be ahead or behind.
    """
    list_history(client, limit=1, direction='incoming')
    return int(client.api_clock.earliest(time.time()) if client.api_clock.known() else clock())


def mark_read(client, entry_id, was_read=False):
    """Mark a received SMS read (``PUT /history/{entryId}``) and read it back; never raises.

    Returns ``(read, problem)``: ``read`` is the entry's read flag as the API shows it afterwards, ``was_read`` when the
    API refused the change, None when it is unknown; ``problem`` says what failed, or is None.
    """
    path = '/history/%s' % quote(str(entry_id), safe='')
    try:
        client.put(path, {'read': True}, action='Marking the SMS %s read' % entry_id, hints=MARK_READ_HINTS)
    except SipgateError as error:
        if not error.may_have_been_accepted:
            return was_read, str(error)
    try:
        entry = client.get(path, action='Reading the SMS %s back' % entry_id, hints=HISTORY_HINTS)
    except SipgateError as error:
        return None, str(error)
    read = entry.get('read') if isinstance(entry, dict) else None
    if not isinstance(read, bool):
        return None, 'Reading the SMS %s back failed: the API answered without its read flag.' % entry_id
    return read, None if read else 'The API accepted marking the SMS %s read, but shows it unread.' % entry_id


def pauses(first=FIRST_PAUSE, growth=PAUSE_GROWTH, longest=LONGEST_PAUSE):
    """The pauses between reads while waiting: ``first``, then each ``growth`` times longer, at most ``longest``."""
    pause = first
    while True:
        yield pause
        pause = min(pause * growth, longest)


def compile_match(match):
    """The regular expression a reply's text must contain (re.search); None matches any text. Raises ReplyError."""
    if match is None or match == '':
        return None
    try:
        return re.compile(match)
    except re.error as error:
        raise ReplyError('match %r is not a regular expression: %s' % (match, error))


def is_reply(entry, senders, pattern, since):
    """True when the received SMS ``entry`` is from one of ``senders`` (E.164), at ``since`` or later, and its text matches."""
    created = timestamp(entry['created'])
    return (entry['sender'] in senders and created is not None and created >= since
            and isinstance(entry['text'], str) and (pattern is None or pattern.search(entry['text']) is not None))


def claim_reply(api_url, candidates, owner, directory=None):
    """The first of the entry ids ``candidates`` that no other wait on this machine has taken, now taken by ``owner``.

    Raises ClaimsError when the record cannot be used: then no reply can be taken safely.
    """
    return claim(REPLY_CLAIMS, api_url, candidates, owner, directory=directory)


def attempt_owner(what):
    """A name for one attempt in the claims record: what it is, its process and a random part."""
    return '%s pid %d %s' % (what, os.getpid(), uuid.uuid4().hex[:12])


class WaitOutcome(object):
    """How a wait ended: the ``reply`` taken (None when none came), the ``polls`` made and the ``last_error`` of a
    read that failed and was not followed by a successful one."""

    def __init__(self, reply, polls, last_error):
        self.reply = reply
        self.polls = polls
        self.last_error = last_error


def wait_for_reply(client, senders, since, pattern, wait, claim, clock=time.monotonic, sleep=time.sleep):
    """Poll the history until a received SMS from ``senders`` since ``since`` whose text matches ``pattern`` is claimed.

    ``claim(entry_ids)`` takes the first id that no other wait has taken, or returns None; ``wait`` is in seconds, 0
    for one look. Reads that fail for a passing reason (is_passing) are repeated after a longer pause until the wait is
    over; any other failure raises SipgateError. Returns a WaitOutcome.
    """
    deadline = clock() + wait
    normal, error_pause = pauses(), FIRST_PAUSE
    polls, last_error = 0, None
    while True:
        polls += 1
        try:
            received = list_received(client, since=since)
        except SipgateError as error:
            if not is_passing(error):
                raise
            last_error, received = error, []
        else:
            last_error = None
        replies = [entry for entry in received if is_reply(entry, senders, pattern, since)]
        if replies:
            chosen = claim([entry['id'] for entry in replies])
            if chosen is not None:
                return WaitOutcome(next(entry for entry in replies if entry['id'] == chosen), polls, None)
        left = deadline - clock()
        if left <= 0:
            return WaitOutcome(None, polls, last_error)
        if last_error is not None:
            # At least as long as a rate limit asks for.
            pause, error_pause = max(error_pause, last_error.retry_after or 0), min(error_pause * 2, LONGEST_ERROR_PAUSE)
        else:
            pause, error_pause = next(normal), FIRST_PAUSE
        sleep(min(pause, left))
