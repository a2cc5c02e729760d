# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Received SMS: reading them, waiting for a reply with a growing pause, taking it once, marking it read."""

from __future__ import annotations

import json

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _inbox
from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL, SipgateClient, SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._send_at import parse_send_at, to_unix_seconds
from ansible_collections.sipgate.io.tests.sandbox.config import TOKEN as SANDBOX_TOKEN, TOKEN_ID as SANDBOX_TOKEN_ID
from ansible_collections.sipgate.io.tests.unit.plugins.module_utils.test_lock import Clock
# The in-process sandbox of the sandbox's own tests, for the wait killed in the middle.
from ansible_collections.sipgate.io.tests.unit.sandbox.conftest import control, sandbox, shared_sandbox  # noqa: F401  pylint: disable=unused-import
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture, no_content

DATE = {'Date': 'Tue, 01 Dec 2026 07:30:00 GMT'}
SINCE = to_unix_seconds(parse_send_at('2026-12-01T07:30:00Z'))


@pytest.fixture
def fake_time():
    return Clock()


@pytest.fixture
def client(api, fake_time):
    return SipgateClient(api_url=DEFAULT_API_URL, timeout=5, retries=0, token_id=TOKEN_ID, token=TOKEN, sleep=fake_time.sleep)


def received(*ids):
    items = [item for item in load_fixture('history_received.json')['items'] if item['id'] in ids]
    return json_answer(200, data={'items': items, 'totalCount': len(items)}, headers=DATE)


def empty():
    return json_answer(200, 'history_empty.json', headers=DATE)


def query(request):
    return parse_qs(urlsplit(request.url).query)


class Claims(object):
    """A claims record in memory: who took which id."""

    def __init__(self, taken=()):
        self.taken = dict((entry_id, 'another wait') for entry_id in taken)
        self.asked = []

    def __call__(self, candidates):
        self.asked.append(list(candidates))
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken[candidate] = 'this wait'
                return candidate
        return None


@pytest.mark.parametrize('number, shown', [
    ('+4915799940001', '+49 15799940001'),
    ('+12025550123', '+1 2025550123'),
    ('+35312345678', '+353 12345678'),
    ('sipgate', 'sipgate'),
    ('+49 157', '+49 157'),
    (None, None),
])
def test_spaced_number_keeps_the_number_as_text(number, shown):
    assert _inbox.spaced_number(number) == shown


def test_a_spaced_number_stays_text_under_native_templating():
    jinja2_native = pytest.importorskip('jinja2.nativetypes')
    template = jinja2_native.NativeEnvironment().from_string('{{ sender }}')
    assert template.render(sender='+4915799940001') == 4915799940001
    assert template.render(sender=_inbox.spaced_number('+4915799940001')) == '+49 15799940001'


def test_received_sms_oldest_first_without_outgoing_ones_or_older_ones(api, client):
    outgoing = load_fixture('history_sms.json')['items'][0]
    items = load_fixture('history_received.json')['items'] + [outgoing]
    api.answers = [json_answer(200, data={'items': items, 'totalCount': 4})]
    entries = _inbox.list_received(client, since=SINCE)
    assert [entry['id'] for entry in entries] == ['100000004', '100000005']
    assert entries[0] == {'id': '100000004', 'created': '2026-12-01T07:31:40Z', 'sender': '+4915799940001',
                          'recipient': '+4915799912345', 'text': 'on it, ACK 4711', 'read': False}
    assert query(api.requests[0]) == {'types': ['SMS'], 'directions': ['INCOMING'], 'from': ['2026-12-01T07:30:00Z'],
                                      'offset': ['0'], 'limit': ['1000']}


def test_api_now_is_the_date_of_the_answer_else_this_clock(api, client):
    api.answers = [empty(), json_answer(200, 'history_empty.json')]
    assert _inbox.api_now(client, clock=lambda: 5.0) == SINCE
    assert query(api.requests[0])['limit'] == ['1'] and query(api.requests[0])['directions'] == ['INCOMING']
    fresh = SipgateClient(api_url=DEFAULT_API_URL, timeout=5, retries=0, token_id=TOKEN_ID, token=TOKEN)
    assert _inbox.api_now(fresh, clock=lambda: 5.0) == 5


def test_the_pause_grows_until_a_reply_comes_and_it_is_claimed_oldest_first(api, client, fake_time):
    api.answers = [empty(), empty(), empty(), received('100000004', '100000005')]
    claims = Claims()
    outcome = _inbox.wait_for_reply(client, ['+4915799940001', '+4915799940002'], SINCE, None, 300, claims,
                                    clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply['id'] == '100000004' and outcome.polls == 4 and outcome.last_error is None
    assert fake_time.sleeps == [2.0, 3.0, 4.5]
    assert claims.asked == [['100000004', '100000005']]


def test_only_replies_from_the_numbers_with_matching_text_count(api, client, fake_time):
    api.answers = [received('100000004', '100000005')]
    claims = Claims()
    outcome = _inbox.wait_for_reply(client, ['+4915799940001'], SINCE, _inbox.compile_match(r'^ACK'), 0, claims,
                                    clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply is None and claims.asked == [] and fake_time.sleeps == []


def test_a_reply_another_wait_took_is_passed_over(api, client, fake_time):
    api.answers = [received('100000004'), received('100000004', '100000005')]
    claims = Claims(taken=['100000004'])
    outcome = _inbox.wait_for_reply(client, ['+4915799940001', '+4915799940002'], SINCE, None, 60, claims,
                                    clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply['id'] == '100000005'
    assert claims.asked == [['100000004'], ['100000004', '100000005']]


def test_rate_limits_and_server_errors_lengthen_the_pause_and_the_wait_goes_on(api, client, fake_time):
    api.answers = [json_answer(429, 'error_429.json'), json_answer(503, 'error_503.json'), empty(), received('100000004')]
    outcome = _inbox.wait_for_reply(client, ['+4915799940001'], SINCE, None, 300, Claims(),
                                    clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply['id'] == '100000004'
    assert fake_time.sleeps == [2.0, 4.0, 2.0]


def test_a_rate_limit_that_asks_for_longer_than_the_client_waits_is_honoured(api, client, fake_time):
    api.answers = [json_answer(429, 'error_429.json', headers={'Retry-After': '45'}), received('100000004')]
    outcome = _inbox.wait_for_reply(client, ['+4915799940001'], SINCE, None, 300, Claims(), clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply['id'] == '100000004' and fake_time.sleeps == [45.0]


def test_the_wait_ends_at_its_time_saying_when_the_last_read_failed(api, client, fake_time):
    api.default = json_answer(503, 'error_503.json')
    outcome = _inbox.wait_for_reply(client, ['+4915799940001'], SINCE, None, 10, Claims(),
                                    clock=fake_time, sleep=fake_time.sleep)
    assert outcome.reply is None and outcome.last_error.status == 503
    assert fake_time.sleeps == [2.0, 4.0, 4.0] and fake_time.now == 1010
    assert outcome.polls == 4


def test_a_refusal_ends_the_wait_at_once(api, client, fake_time):
    api.answers = [json_answer(403, 'error_403.json')]
    with pytest.raises(SipgateError) as caught:
        _inbox.wait_for_reply(client, ['+4915799940001'], SINCE, None, 300, Claims(), clock=fake_time, sleep=fake_time.sleep)
    assert caught.value.status == 403 and 'history:read' in str(caught.value) and fake_time.sleeps == []


def test_mark_read_puts_read_and_reads_it_back(api, client):
    entry = dict(load_fixture('history_received.json')['items'][1], read=True)
    api.answers = [no_content(), json_answer(200, data=entry)]
    assert _inbox.mark_read(client, '100000004') == (True, None)
    assert api.calls == [('PUT', '/v2/history/100000004'), ('GET', '/v2/history/100000004')]
    assert json.loads(api.requests[0].body.decode('utf-8')) == {'read': True}


def test_mark_read_without_history_write_names_the_scope_and_changes_nothing(api, client):
    api.answers = [json_answer(403, 'error_403.json')]
    read, problem = _inbox.mark_read(client, '100000004')
    assert read is False and 'history:write' in problem and api.methods == ['PUT']


def test_mark_read_whose_answer_was_lost_is_settled_by_reading_back(api, client):
    api.answers = [json_answer(503, 'error_503.json'), json_answer(200, data=dict(load_fixture('history_received.json')['items'][1], read=True))]
    assert _inbox.mark_read(client, '100000004') == (True, None)
    api.answers = [json_answer(503, 'error_503.json'), json_answer(503, 'error_503.json')]
    read, problem = _inbox.mark_read(client, '100000004')
    assert read is None and 'HTTP 503' in problem


def test_replies_are_claimed_once_on_this_machine(tmp_path):
    directory = str(tmp_path)
    first = _inbox.claim_reply(DEFAULT_API_URL, ['100000004', '100000005'], 'wait one', directory=directory)
    second = _inbox.claim_reply(DEFAULT_API_URL, ['100000004', '100000005'], 'wait two', directory=directory)
    third = _inbox.claim_reply(DEFAULT_API_URL, ['100000004', '100000005'], 'wait three', directory=directory)
    assert (first, second, third) == ('100000004', '100000005', None)


# --- a wait killed in the middle ---------------------------------------------------------------------------------------


def _wait_in_child(api_url, directory):
    client = SipgateClient(api_url=api_url, timeout=5, retries=0, token_id=SANDBOX_TOKEN_ID, token=SANDBOX_TOKEN)
    _inbox.wait_for_reply(client, ['+4915799940001'], 0, None, 600,
                          lambda candidates: _inbox.claim_reply(api_url, candidates, 'killed wait', directory=directory))


def test_a_wait_killed_while_it_waits_leaves_no_claim_and_the_next_wait_takes_the_reply(control, tmp_path):
    import multiprocessing
    import os
    import signal
    import time as clock
    from ansible_collections.sipgate.io.plugins.module_utils._claims import claims
    child = multiprocessing.get_context('fork').Process(target=_wait_in_child, args=(control.api_url, str(tmp_path)))
    child.start()
    try:
        # Killed once it has read the history (it waits in its pause then), the way AWX ends a cancelled job.
        deadline = clock.monotonic() + 60
        while not any(request['path'] == '/v2/history' for request in control.requests()):
            assert child.is_alive() and clock.monotonic() < deadline, 'the wait did not read the history'
            clock.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    control.receive_sms('+4915799940001', 'ACK')
    client = SipgateClient(api_url=control.api_url, timeout=5, retries=0, token_id=SANDBOX_TOKEN_ID, token=SANDBOX_TOKEN)
    outcome = _inbox.wait_for_reply(client, ['+4915799940001'], 0, None, 0,
                                    lambda candidates: _inbox.claim_reply(control.api_url, candidates, 'next wait', directory=str(tmp_path)))
    assert outcome.reply['text'] == 'ACK'
    assert claims(_inbox.REPLY_CLAIMS, control.api_url, directory=str(tmp_path)) == {outcome.reply['id']: 'next wait'}
