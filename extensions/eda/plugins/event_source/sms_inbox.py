# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Event-Driven Ansible source sipgate.io.sms_inbox: one event per SMS the sipgate account receives."""

from __future__ import annotations

DOCUMENTATION = r"""
---
short_description: Receive the SMS of a sipgate account as events.
description:
  - An event source for ansible-rulebook. It reads the account history (C(GET /history?types=SMS&directions=INCOMING)
    of the sipgate REST API v2) every O(interval) seconds and puts one event on the queue for each SMS received since
    it started (or since O(since)), oldest first, each SMS once in a run.
  - sipgate sends no push event for received SMS, so polling the history is the way. Only accounts that can receive SMS
    (a matter of the contract with sipgate) have any; without a number that receives SMS the history holds none, and
    no event ever comes.
  - 'Each event is C({"sipgate": {"sms": {"id", "created", "sender", "recipient", "text"}}}). C(sender) and
    C(recipient) are written with a space after the country code, such as V(+49 15799940001): ansible-rulebook
    renders C("{{ event.sipgate.sms.sender }}") natively, and V(+4915799940001) would become the integer
    4915799940001, without its +; written like this, it stays the number, and every sipgate.io module takes it. A
    sender name (not a number) is passed as it is.'
  - 'Anyone can send an SMS that shows any sender number: do not let a sender alone start an action. Send a one-time
    code and act only on a reply that holds it, as the playbook sipgate.io.escalate does.'
  - Failed reads (rate limits with HTTP 429, server errors, lost connections) are logged and tried again after a pause
    that doubles up to 10 times O(interval); wrong credentials, a missing scope or a wrong O(api_url) end the source
    with an error. No log line or event holds a credential.
  - The token needs the scope C(history:read), and C(history:write) for O(mark_read).
options:
  token_id:
    description: Token id of a personal access token (or the username of the account). Default E(SIPGATE_TOKEN_ID).
    type: str
  token:
    description: The personal access token (or the password). Default E(SIPGATE_TOKEN).
    type: str
  access_token:
    description: An OAuth2 access token instead of O(token_id) and O(token). Default E(SIPGATE_ACCESS_TOKEN).
    type: str
  api_url:
    description: The API root. Default E(SIPGATE_API_URL), else V(https://api.sipgate.com/v2).
    type: str
  validate_certs:
    description: Whether to check the TLS certificate of the API. Default E(SIPGATE_VALIDATE_CERTS), else V(true).
    type: bool
  timeout:
    description: Seconds to wait for each answer. Default E(SIPGATE_TIMEOUT), else V(30).
    type: float
  retries:
    description: How often a failed read is repeated at once, after the time a 429 asks for. Default E(SIPGATE_RETRIES), else V(2).
    type: int
  interval:
    description: Seconds between two reads of the history, at least 1.
    type: float
    default: 30
  since:
    description:
      - SMS received from this time on, in the forms the module sipgate.io.sipgate_sms takes for C(send_at) (ISO 8601,
        with or without offset, or Unix seconds), also in the past.
      - Default is when the source starts, on the API's clock.
    type: raw
  from_numbers:
    description:
      - Only SMS from these numbers (in any form the module sipgate.io.sipgate_sms takes for C(to)); default all.
    type: list
    elements: str
  default_country_code:
    description: Country calling code for national numbers in O(from_numbers). Default E(SIPGATE_DEFAULT_COUNTRY_CODE).
    type: str
  mark_read:
    description: Mark each SMS read in the history once its event is on the queue (scope C(history:write)).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Acknowledge alerts by SMS
  hosts: localhost
  sources:
    - sipgate.io.sms_inbox:
        interval: 15
        mark_read: true
  rules:
    - name: A reply ACK and a code acknowledges the alert of that code
      condition: event.sipgate.sms.text is match("\s*ACK\s+[0-9]{4,8}\b", ignorecase=true)
      action:
        run_module:
          name: sipgate.io.sipgate_sms
          module_args:
            to: "{{ event.sipgate.sms.sender }}"
            msg: "Noted: {{ event.sipgate.sms.text | trim }}. You have the alert."
"""

import asyncio
import logging
import math
import os
import sys


def _make_collection_importable():
    """Put the tree this collection lies in on sys.path, unless Python can import the collection already.

    ansible-rulebook runs a source by its path, without Ansible's collection loader; the source imports the collection's
    own module_utils as ansible_collections.sipgate.io (from .../ansible_collections/sipgate/io/extensions/eda/...).
    """
    try:
        import ansible_collections.sipgate.io.plugins.module_utils._client  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        tree = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 7)))
        sys.path.append(tree)


_make_collection_importable()

from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL, SipgateClient, SipgateError, shown_url
from ansible_collections.sipgate.io.plugins.module_utils._history import iso_utc, timestamp
from ansible_collections.sipgate.io.plugins.module_utils._inbox import api_now, is_passing, list_received, mark_read, spaced_number
from ansible_collections.sipgate.io.plugins.module_utils._options import (
    CONNECTION_ENVIRONMENT, COUNTRY_CODE_ENVIRONMENT, DEFAULT_RETRIES, DEFAULT_TIMEOUT, client_settings, connection_problems,
)
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_recipients
from ansible_collections.sipgate.io.plugins.module_utils._send_at import ScheduleError, parse_send_at, to_unix_seconds
from ansible_collections.sipgate.io.plugins.module_utils._text import sentences

LOGGER = logging.getLogger('sipgate.io.sms_inbox')
DEFAULT_INTERVAL = 30.0
MIN_INTERVAL = 1.0
# After failed reads the pause doubles up to this many intervals.
MAX_BACKOFF_INTERVALS = 10
# The `from` of each read trails the newest SMS seen by this much: the API dates SMS to the second, and one received
# in the same second as the newest may be listed only by a later read.
OVERLAP = 60
ARGUMENTS = frozenset(list(CONNECTION_ENVIRONMENT) + ['interval', 'since', 'from_numbers', 'default_country_code', 'mark_read'])
_TRUE = ('1', 'true', 'yes', 'on', 'y', 't')
_FALSE = ('0', 'false', 'no', 'off', 'n', 'f')


class SourceArgumentError(ValueError):
    """The arguments of the source cannot be used; the message names every problem, and no secret."""


def _boolean(name, value, problems):
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in _TRUE + _FALSE:
        return str(value).strip().lower() in _TRUE
    problems.append('%s must be true or false, not %r' % (name, value))
    return None


def _number(name, value, kind, problems):
    try:
        if isinstance(value, bool):
            raise ValueError
        return kind(value)
    except (TypeError, ValueError):
        problems.append('%s must be a number, not %r' % (name, value))
        return None


def source_settings(args, environ=None):
    """The checked settings of the source from its ``args`` and the SIPGATE_* variables of ``environ``.

    An argument wins over its variable, and an empty variable counts as unset. Raises SourceArgumentError.
    """
    environ = os.environ if environ is None else environ
    args = dict(args or {})
    problems = ['unknown argument %s; known: %s' % (name, ', '.join(sorted(ARGUMENTS))) for name in sorted(set(args) - ARGUMENTS)]

    def given(name, variable=None):
        if args.get(name) is not None and args.get(name) != '':
            return args[name]
        value = environ.get(variable or '', '')
        return value if value.strip() else None

    params = dict((name, given(name, variable)) for name, variable in CONNECTION_ENVIRONMENT.items())
    params['api_url'] = params['api_url'] or DEFAULT_API_URL
    params['validate_certs'] = True if params['validate_certs'] is None else _boolean('validate_certs', params['validate_certs'], problems)
    params['timeout'] = DEFAULT_TIMEOUT if params['timeout'] is None else _number('timeout', params['timeout'], float, problems)
    params['retries'] = DEFAULT_RETRIES if params['retries'] is None else _number('retries', params['retries'], int, problems)
    problems.extend(connection_problems(params))

    interval = _number('interval', args.get('interval', DEFAULT_INTERVAL), float, problems)
    if interval is not None and (not math.isfinite(interval) or interval < MIN_INTERVAL):
        problems.append('interval must be at least %g seconds, not %s' % (MIN_INTERVAL, interval))
    since = None
    if args.get('since') is not None:
        try:
            since = to_unix_seconds(parse_send_at(args['since']))
        except ScheduleError as error:
            problems.append(str(error).replace('send_at', 'since', 1))
    senders = None
    if args.get('from_numbers') is not None:
        try:
            numbers, errors = normalize_recipients(args['from_numbers'], given('default_country_code', COUNTRY_CODE_ENVIRONMENT))
        except PhoneNumberError as error:
            numbers, errors = [], [str(error)]
        problems.extend(error.replace('recipient', 'from_numbers', 1) for error in errors)
        senders = frozenset(number['recipient'] for number in numbers)
    mark = _boolean('mark_read', args.get('mark_read', False), problems)
    if problems:
        raise SourceArgumentError('sipgate.io.sms_inbox: ' + sentences(problems))
    return dict(client=client_settings(params), interval=interval, since=since, senders=senders, mark_read=mark)


def sms_event(entry):
    """The event of one received SMS."""
    return {'sipgate': {'sms': dict(id=entry['id'], created=entry['created'], sender=spaced_number(entry['sender']),
                                    recipient=spaced_number(entry['recipient']), text=entry['text'])}}


class Inbox(object):
    """What a run has seen: the SMS put on the queue (by id), and the time the next read starts from."""

    def __init__(self, since):
        self.since = since
        self.seen = {}

    def new(self, entries, senders=None):
        """The entries not seen before (from ``senders`` only, when given), now seen; the next read starts later."""
        fresh = []
        for entry in entries:
            if entry['id'] in self.seen:
                continue
            created = timestamp(entry['created'])
            self.seen[entry['id']] = created
            if senders is None or entry['sender'] in senders:
                fresh.append(entry)
        if self.seen:
            start = max(self.since, int(max(self.seen.values())) - OVERLAP)
            # An SMS older than the next read's start can never be listed again: forget it, so a long run stays small.
            self.seen = dict((entry_id, created) for entry_id, created in self.seen.items() if created >= start)
            self.since = start
        return fresh


class Backoff(object):
    """Reads of the history that outlast passing failures: each logged, then tried again after a pause that doubles."""

    def __init__(self, interval):
        self.interval = interval
        self.pause = interval

    async def read(self, function, *args):
        loop = asyncio.get_running_loop()
        while True:
            try:
                answer = await loop.run_in_executor(None, function, *args)
            except SipgateError as error:
                if not is_passing(error):
                    raise
                self.pause = min(self.pause * 2, self.interval * MAX_BACKOFF_INTERVALS)
                # At least as long as a rate limit asks for.
                pause = max(self.pause, error.retry_after or 0)
                LOGGER.warning('sipgate.io.sms_inbox: %s Trying again in %g seconds.', error, pause)
                await asyncio.sleep(pause)
                continue
            self.pause = self.interval
            return answer


async def main(queue, args):
    """Poll the history and put one event per new SMS on ``queue``, until cancelled (ansible-rulebook's entry point)."""
    settings = source_settings(args)
    loop = asyncio.get_running_loop()
    client = SipgateClient(**settings['client'])
    interval = settings['interval']
    backoff = Backoff(interval)
    try:
        since = settings['since']
        if since is None:
            since = await backoff.read(api_now, client)
        inbox = Inbox(since)
        LOGGER.info('sipgate.io.sms_inbox: reading the SMS received since %s from %s every %g seconds',
                    iso_utc(since), shown_url(client.api_url), interval)
        while True:
            entries = await backoff.read(list_received, client, inbox.since)
            for entry in inbox.new(entries, settings['senders']):
                await queue.put(sms_event(entry))
                if settings['mark_read'] and not entry['read']:
                    dummy, problem = await loop.run_in_executor(None, mark_read, client, entry['id'])
                    if problem:
                        LOGGER.warning('sipgate.io.sms_inbox: %s', problem)
            await asyncio.sleep(interval)
    finally:
        client.close()


if __name__ == '__main__':
    # Without ansible-rulebook: print the events of the account of the SIPGATE_* variables.
    class _PrintQueue(object):
        async def put(self, event):
            print(event)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {'interval': 5}))
