# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source sipgate.io.sms_inbox: its arguments, and main(queue, args) driven against the sandbox."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from ansible_collections.sipgate.io.extensions.eda.plugins.event_source import sms_inbox
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.tests.sandbox.config import TOKEN, TOKEN_ID
# The in-process sandbox of the sandbox's own tests: one for the session, reset before each test.
from ansible_collections.sipgate.io.tests.unit.sandbox.conftest import control, sandbox, shared_sandbox  # noqa: F401  pylint: disable=unused-import

# How long a test waits for an event at most; events come within a few intervals of one second.
EVENT_TIMEOUT = 60


def args(control, **more):
    return dict(dict(api_url=control.api_url, token_id=TOKEN_ID, token=TOKEN, interval=1), **more)


class Source(object):
    """main(queue, args) running as a task; next_event() awaits the next event on its queue."""

    def __init__(self, arguments):
        self.queue = asyncio.Queue()
        self.task = asyncio.ensure_future(sms_inbox.main(self.queue, arguments))

    async def next_event(self):
        getter = asyncio.ensure_future(self.queue.get())
        done, dummy = await asyncio.wait([getter, self.task], timeout=EVENT_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if getter not in done:
            getter.cancel()
            if self.task in done:
                self.task.result()
            raise AssertionError('no event within %d seconds' % EVENT_TIMEOUT)
        return getter.result()['sipgate']['sms']

    async def stop(self):
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass


def drive(arguments, scenario):
    async def run():
        source = Source(arguments)
        try:
            return await scenario(source)
        finally:
            await source.stop()
    return asyncio.run(run())


# --- the arguments ---------------------------------------------------------------------------------------------------


def test_arguments_come_from_the_sipgate_variables_an_empty_one_counts_as_unset():
    settings = sms_inbox.source_settings({'interval': '5', 'from_numbers': ['0157 99940001']},
                                         {'SIPGATE_TOKEN_ID': TOKEN_ID, 'SIPGATE_TOKEN': TOKEN, 'SIPGATE_ACCESS_TOKEN': ' ',
                                          'SIPGATE_API_URL': 'http://127.0.0.1:9/v2', 'SIPGATE_VALIDATE_CERTS': 'no',
                                          'SIPGATE_TIMEOUT': '7', 'SIPGATE_RETRIES': '', 'SIPGATE_DEFAULT_COUNTRY_CODE': '49'})
    assert settings['client'] == dict(token_id=TOKEN_ID, token=TOKEN, access_token=None, api_url='http://127.0.0.1:9/v2',
                                      validate_certs=False, timeout=7.0, retries=2)
    assert settings['interval'] == 5.0 and settings['senders'] == frozenset(['+4915799940001'])
    assert settings['since'] is None and settings['mark_read'] is False


def test_an_argument_wins_over_its_variable():
    settings = sms_inbox.source_settings({'token_id': 'token-OTHER', 'token': 'other-secret-token', 'since': '2026-12-01T08:30:00+01:00'},
                                         {'SIPGATE_TOKEN_ID': TOKEN_ID, 'SIPGATE_TOKEN': TOKEN})
    assert settings['client']['token_id'] == 'token-OTHER' and settings['client']['token'] == 'other-secret-token'
    assert settings['since'] == 1796110200


def test_bad_arguments_are_named_all_at_once_without_a_secret():
    with pytest.raises(sms_inbox.SourceArgumentError) as caught:
        sms_inbox.source_settings({'token': TOKEN, 'interval': 0.5, 'since': 'soon', 'from_numbers': ['12'], 'mark_read': 'maybe',
                                   'api_url': 'http://example.com/v2', 'polling': 3}, {})
    message = str(caught.value)
    for problem in ('unknown argument polling', 'token_id is missing', "plain http to a host that is not loopback",
                    'interval must be at least 1 seconds', "since 'soon' is not a valid time", "from_numbers 1: '12'",
                    "mark_read must be true or false, not 'maybe'"):
        assert problem in message
    assert TOKEN not in message


def test_the_event_keeps_numbers_as_text_under_native_templating():
    event = sms_inbox.sms_event(dict(id='100000001', created='2026-12-01T07:31:40Z', sender='+4915799940001',
                                     recipient='+4915799912345', text='ACK', read=False))
    assert event == {'sipgate': {'sms': {'id': '100000001', 'created': '2026-12-01T07:31:40Z', 'sender': '+49 15799940001',
                                         'recipient': '+49 15799912345', 'text': 'ACK'}}}


def test_the_inbox_forgets_what_no_read_can_list_again():
    inbox = sms_inbox.Inbox(1000)
    first = dict(id='1', created='1970-01-01T00:16:40Z', sender='+4915799940001')
    assert inbox.new([first]) == [first] and inbox.new([first]) == []
    later = dict(id='2', created='1970-01-01T01:00:00Z', sender='+4915799940002')
    assert inbox.new([first, later], senders=frozenset(['+4915799940001'])) == []
    assert inbox.since == 3600 - sms_inbox.OVERLAP and list(inbox.seen) == ['2']


# --- main(queue, args) against the sandbox ---------------------------------------------------------------------------


def test_one_event_per_sms_received_after_the_start_each_once_oldest_first(control):
    control.receive_sms('+4915799940001', 'before the start', created=int(time.time()) - 3600)
    # Held back until the source has read the history once: it arrives while the source polls.
    control.receive_sms('+4915799940001', 'first', after_polls=1)

    async def scenario(source):
        first = await source.next_event()
        control.receive_sms('+4915799940002', 'second')
        control.receive_sms('+4915799940003', 'third')
        second, third = await source.next_event(), await source.next_event()
        # A marker that arrives two reads later: nothing came twice in between.
        control.receive_sms('+4915799940004', 'marker', after_polls=2)
        marker = await source.next_event()
        return first, second, third, marker, source.queue.qsize()

    first, second, third, marker, left = drive(args(control), scenario)
    assert first['text'] == 'first' and first['sender'] == '+49 15799940001' and first['recipient'] == '+49 15799912345'
    assert first['created'].endswith('Z') and first['id']
    assert [second['text'], third['text'], marker['text']] == ['second', 'third', 'marker'] and left == 0
    assert len(set([first['id'], second['id'], third['id'], marker['id']])) == 4


def test_only_from_the_numbers_given_and_marked_read(control):
    control.receive_sms('+4915799940009', 'not for us', after_polls=1)
    control.receive_sms('+4915799940001', 'ACK', after_polls=1)

    async def scenario(source):
        event = await source.next_event()
        control.receive_sms('+4915799940001', 'marker', after_polls=1)
        await source.next_event()
        return event

    event = drive(args(control, from_numbers=['+49 157 99940001'], mark_read=True), scenario)
    assert event['text'] == 'ACK'
    history = control.call('GET', '/requests')['items']
    assert [entry['path'] for entry in history if entry['method'] == 'PUT'][0] == '/v2/history/%s' % event['id']
    entries = dict((item['smsContent'], item) for item in sandbox_history(control))
    assert entries['ACK']['read'] is True and entries['not for us']['read'] is False


def sandbox_history(control):
    from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
    with SipgateClient(api_url=control.api_url, timeout=10, retries=0, token_id=TOKEN_ID, token=TOKEN) as client:
        return client.get('/history?types=SMS&directions=INCOMING&limit=100')['items']


def test_rate_limits_and_server_errors_back_off_and_go_on_without_a_secret_in_the_log(control, caplog):
    caplog.set_level(logging.INFO, logger='sipgate.io.sms_inbox')
    control.add_faults([{'method': 'GET', 'path': '/history', 'status': 429, 'retry_after': 0, 'times': 1},
                        {'method': 'GET', 'path': '/history', 'status': 503, 'times': 1}])
    # The first read (the start on the API's clock) meets the 429; the SMS comes once the reads succeed again.
    control.receive_sms('+4915799940001', 'after the errors', after_polls=2)

    async def scenario(source):
        return await source.next_event()

    assert drive(args(control, retries=0), scenario)['text'] == 'after the errors'
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any('HTTP 429' in warning for warning in warnings) and any('HTTP 503' in warning for warning in warnings)
    assert TOKEN not in caplog.text


def test_wrong_credentials_end_the_source_with_the_error(control):
    async def scenario(source):
        await source.next_event()

    with pytest.raises(SipgateError) as caught:
        drive(args(control, token='wrong-secret-token'), scenario)
    assert caught.value.status == 401 and 'wrong-secret-token' not in str(caught.value)


def test_the_documentation_names_every_argument_and_the_example_is_the_collections_rulebook():
    import os
    import yaml
    options = yaml.safe_load(sms_inbox.DOCUMENTATION)['options']
    assert set(options) == set(sms_inbox.ARGUMENTS)
    assert options['interval']['default'] == sms_inbox.DEFAULT_INTERVAL and options['mark_read']['default'] is False
    rulebook = os.path.join(os.path.dirname(sms_inbox.__file__), '..', '..', 'rulebooks', 'acknowledge_by_sms.yml')
    with open(rulebook, encoding='utf-8') as handle:
        assert yaml.safe_load(handle) == yaml.safe_load(sms_inbox.EXAMPLES)
