# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API and the fault rules of the sandbox, through its client."""
from __future__ import annotations

import http.client
import socket
import time

import pytest

from ansible_collections.sipgate.io.tests.sandbox.client import SandboxClient, SandboxError
from ansible_collections.sipgate.io.tests.sandbox.config import TOKEN
from ansible_collections.sipgate.io.tests.sandbox.server import SandboxServer
from ansible_collections.sipgate.io.tests.unit.sandbox.conftest import BASIC

SMS = {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'Hello'}


def test_the_request_log_keeps_no_secret(call, control):
    call('POST', '/w0/sms/s0/callerids/1/verification', {'verificationCode': '123456'})
    call('GET', '/w0/sms', target='/v2/w0/sms?access_token=abc&x=1')
    log = control.requests()
    assert [entry['status'] for entry in log] == [204, 200]
    assert log[0]['body'] == {'verificationCode': '<redacted>'}
    assert log[0]['auth_kind'] == 'basic'
    assert log[1]['query'] == 'access_token=%3Credacted%3E&x=1'
    assert TOKEN not in repr(log) and '123456' not in repr(log) and 'abc' not in repr(log)
    assert len(set(entry['connection'] for entry in log)) == 1


def test_config_changes_are_checked_and_shown_without_secrets(control):
    shown = control.configure({'tokens': [{'token_id': 'token-X', 'token': 'secret-x', 'scopes': ['sms:read']}]})
    assert {'token_id': 'token-X', 'scopes': ['sms:read']} in shown['tokens']
    assert 'secret-x' not in repr(shown) and TOKEN not in repr(shown)
    for patch in ({'nope': 1}, {'tokens': [{'token_id': 'token-Y'}]}, {'balance_exhausted': 'yes'}, {'latency_ms': -1}):
        with pytest.raises(SandboxError):
            control.configure(patch)


def test_reset_restores_the_start(call, control):
    call('POST', '/w0/sms/s1/callerids', {'phonenumber': '+4915799900777'})
    call('POST', '/sessions/sms', SMS)
    control.configure({'balance_exhausted': True})
    control.add_fault(path='/w0/sms')
    control.reset()
    assert control.outbox() == [] and control.requests() == [] and control.verification_codes() == []
    assert call('GET', '/w0/sms').status == 200
    assert len(call('GET', '/w0/sms/s1/callerids').json['items']) == 1


@pytest.mark.parametrize('rule, status, content_type, words', [
    (dict(status=503, retry_after=2), 503, 'application/json', 'Service Unavailable (sandbox fault)'),
    (dict(status=200, body='<html>portal</html>', content_type='text/html'), 200, 'text/html', '<html>portal</html>'),
    (dict(status=400, body={'message': 'custom'}), 400, 'application/json', 'custom'),
])
def test_faults_answer_instead_of_the_api(call, control, rule, status, content_type, words):
    control.add_fault(method='post', path='/v2/sessions/sms', **rule)
    answer = call('POST', '/sessions/sms', SMS)
    assert answer.status == status
    assert answer.headers['Content-Type'] == content_type
    assert words in answer.body.decode()
    if 'retry_after' in rule:
        assert answer.headers['Retry-After'] == '2'
    assert control.outbox() == []
    assert call('POST', '/sessions/sms', SMS).status == 204
    assert [entry['fault'] for entry in control.requests()] == [1, None]


def test_a_fault_matches_method_path_pattern_recipient_and_counts_its_uses(call, control):
    control.add_fault(path='/*/sms', status=500, times=2)
    control.add_fault(recipient='+4915799912399', status=400, times=None)
    assert [call('GET', '/w0/sms').status for dummy in range(3)] == [500, 500, 200]
    assert call('POST', '/sessions/sms', SMS).status == 204
    assert [call('POST', '/sessions/sms', dict(SMS, recipient='+4915799912399')).status for dummy in range(3)] == [400] * 3
    assert [rule['hits'] for rule in control.call('GET', '/faults')['items']] == [2, 3]
    control.clear_faults()
    assert call('POST', '/sessions/sms', dict(SMS, recipient='+4915799912399')).status == 204


def test_a_processed_fault_lets_the_api_accept_before_the_answer_goes_wrong(sandbox, call, control):
    control.add_faults([dict(recipient='+4915799900001', process=True, status=502),
                        dict(recipient='+4915799900002', process=True, delay_ms=300)])
    assert call('POST', '/sessions/sms', dict(SMS, recipient='+4915799900001')).status == 502
    started = time.monotonic()
    assert call('POST', '/sessions/sms', dict(SMS, recipient='+4915799900002')).status == 204
    assert time.monotonic() - started >= 0.3
    assert [sms['recipient'] for sms in control.outbox()] == ['+4915799900001', '+4915799900002']


def test_a_late_processed_fault_makes_a_change_take_effect_after_other_answers(sandbox, call, control):
    control.add_fault(method='PUT', path='/w0/sms/s0/callerids/0', process=True, process_delay_ms=300)
    late = http.client.HTTPConnection('127.0.0.1', sandbox.port, timeout=10)
    started = time.monotonic()
    late.request('PUT', '/v2/w0/sms/s0/callerids/0', body=b'{"defaultNumber": true}',
                 headers={'Content-Type': 'application/json', 'Authorization': BASIC})
    deadline = started + 10
    while not control.requests() and time.monotonic() < deadline:
        time.sleep(0.01)
    # The PUT has arrived, but the API has not carried it out: other requests still see the old default sender.
    assert control.requests()[0]['status'] is None
    assert [item['phonenumber'] for item in call('GET', '/w0/sms/s0/callerids').json['items'] if item['defaultNumber']] == ['+4915799912345']
    assert late.getresponse().status == 204
    late.close()
    assert time.monotonic() - started >= 0.3
    assert [item['phonenumber'] for item in call('GET', '/w0/sms/s0/callerids').json['items'] if item['defaultNumber']] == ['sipgate']


def test_a_close_fault_drops_the_connection_with_or_without_processing(sandbox, control):
    control.add_faults([dict(recipient='+4915799900001', action='close'), dict(recipient='+4915799900002', action='close', process=True)])
    for recipient in ('+4915799900001', '+4915799900002'):
        connection = http.client.HTTPConnection('127.0.0.1', sandbox.port, timeout=5)
        connection.request('POST', '/v2/sessions/sms', body=('{"smsId": "s0", "recipient": "%s", "message": "x"}' % recipient).encode(),
                           headers={'Content-Type': 'application/json', 'Authorization': 'Basic x'})
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            connection.getresponse()
        connection.close()
    # Only the processed one was checked (here: refused for its credentials), neither reached the outbox.
    assert [entry['status'] for entry in control.requests()] == [None, None]


@pytest.mark.parametrize('rule, words', [
    (dict(nope=1), 'unknown fault field'),
    (dict(status=99), 'status'),
    (dict(times=0), 'times'),
    (dict(action='explode'), 'action'),
    (dict(delay_ms=-1), 'delay_ms'),
    (dict(process_delay_ms=100), 'process_delay_ms needs process true'),
])
def test_bad_fault_rules_are_refused(control, rule, words):
    with pytest.raises(SandboxError) as caught:
        control.add_fault(**rule)
    assert words in str(caught.value)


def test_latency_delays_every_answer_until_a_reset(call, control):
    control.configure({'latency_ms': 200})
    call('POST', '/sessions/sms', SMS)
    control.clear_outbox()
    assert control.outbox() == []
    started = time.monotonic()
    call('GET', '/w0/sms')
    assert time.monotonic() - started >= 0.2
    control.reset()
    started = time.monotonic()
    call('GET', '/w0/sms')
    assert time.monotonic() - started < 0.2


def test_unknown_control_paths_and_methods(control):
    with pytest.raises(SandboxError, match='HTTP 404'):
        control.call('GET', '/nope')
    with pytest.raises(SandboxError, match='HTTP 405'):
        control.call('DELETE', '/config')


def test_health_counts_connections(call, control):
    call('GET', '/w0/sms')
    call('GET', '/w0/sms')
    health = control.health()
    assert health['status'] == 'ok' and health['requests_total'] >= 3


@pytest.mark.parametrize('attempt', range(5))
def test_shutdown_answers_then_stops_it(attempt):
    with SandboxServer(idle_timeout=60) as sandbox:
        # The answer always arrives: the server stops only once it has been written.
        assert SandboxClient(sandbox.url).call('POST', '/shutdown') == {'status': 'shutting down'}
        assert sandbox.wait(5)
        assert sandbox.stop_reason == 'shutdown requested'
        with pytest.raises(OSError):
            socket.create_connection(('127.0.0.1', sandbox.port), timeout=1)
