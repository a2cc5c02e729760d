# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Received SMS in the sandbox: the control command, the INCOMING entries of GET /history, and PUT /history/{entryId}."""
from __future__ import annotations

import base64
import datetime
import time

import pytest

from ansible_collections.sipgate.io.tests.sandbox.client import SandboxError
from ansible_collections.sipgate.io.tests.unit.sandbox.test_account import history, iso

READ_ONLY = 'Basic ' + base64.b64encode(b'token-READER:44444444-4444-4444-8444-444444444444').decode()


def test_a_received_sms_is_an_incoming_entry_newest_first_with_the_outgoing_ones(call, control):
    before = int(time.time())
    assert call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799940001', 'message': 'Disk full'}).status == 204
    shown = control.receive_sms('+4915799940001', 'ACK 4711')
    answer = history(call, types='SMS')
    assert answer['totalCount'] == 2
    received, sent = answer['items']
    assert received == shown
    assert (received['direction'], received['incoming'], received['type']) == ('INCOMING', True, 'SMS')
    assert (received['source'], received['target'], received['smsContent']) == ('+4915799940001', '+4915799912345', 'ACK 4711')
    assert received['read'] is False and received['connectionIds'] == ['s0'] and received['scheduled'] is None
    assert before <= datetime.datetime.strptime(received['created'], '%Y-%m-%dT%H:%M:%SZ').replace(
        tzinfo=datetime.timezone.utc).timestamp() <= time.time()
    assert sent['direction'] == 'OUTGOING' and int(received['id']) > int(sent['id'])


def test_the_filters_apply_to_received_sms(call, control):
    now = int(time.time())
    control.receive_sms('+4915799940001', 'old', created=iso(now - 3600))
    control.receive_sms('+4915799940002', 'new', target='+4915799912399')
    call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799940001', 'message': 'out'})

    def texts(**query):
        return [item['smsContent'] for item in history(call, **query)['items']]
    assert texts(directions='INCOMING') == ['new', 'old']
    assert texts(directions='OUTGOING') == ['out']
    assert texts(directions='INCOMING', **{'from': iso(now - 60)}) == ['new']
    assert texts(directions='INCOMING', to=iso(now - 60)) == ['old']
    assert texts(phonenumber='+4915799940001') == ['out', 'old']
    assert texts(phonenumber='+4915799912399') == ['new']
    assert texts(directions='INCOMING', limit=1, offset=1) == ['old']


def test_an_older_received_sms_sorts_below_newer_entries(call, control):
    control.receive_sms('+4915799940001', 'now')
    control.receive_sms('+4915799940001', 'yesterday', created=int(time.time()) - 86400)
    assert [item['smsContent'] for item in history(call)['items']] == ['now', 'yesterday']


def test_a_held_sms_arrives_after_its_polls(call, control):
    held = control.receive_sms('+4915799940001', 'later', after_polls=2)
    assert held['held'] is True
    assert history(call)['items'] == []
    assert history(call)['items'] == []
    assert [item['smsContent'] for item in history(call)['items']] == ['later']
    assert len(history(call)['items']) == 1


@pytest.mark.parametrize('spec, problem', [
    ({'text': 'x'}, 'source'),
    ({'source': '+4915799940001', 'text': ' '}, 'text'),
    ({'source': '+4915799940001', 'text': 'x', 'created': 'yesterday'}, 'created'),
    ({'source': '+4915799940001', 'text': 'x', 'after_polls': -1}, 'after_polls'),
    ({'source': '+4915799940001', 'text': 'x', 'sender': 'y'}, 'unknown'),
])
def test_an_invalid_received_sms_is_refused(control, spec, problem):
    with pytest.raises(SandboxError) as caught:
        control.call('POST', '/received-sms', spec)
    assert 'HTTP 400' in str(caught.value) and problem in str(caught.value)


def test_put_marks_an_entry_read_and_get_reads_it(call, control):
    entry = control.receive_sms('+4915799940001', 'ACK')
    assert call('PUT', '/history/%s' % entry['id'], {'read': True}).status == 204
    answer = call('GET', '/history/%s' % entry['id'])
    assert answer.status == 200 and answer.json['read'] is True and answer.json['smsContent'] == 'ACK'
    assert history(call)['items'][0]['read'] is True


def test_put_checks_scope_entry_and_body(call, control):
    entry = control.receive_sms('+4915799940001', 'ACK')
    control.configure({'tokens': [{'token_id': 'token-READER', 'token': '44444444-4444-4444-8444-444444444444',
                                   'scopes': ['history:read']}]})
    refused = call('PUT', '/history/%s' % entry['id'], {'read': True}, auth=READ_ONLY)
    assert refused.status == 403 and 'history:write' in refused.json['message']
    assert call('GET', '/history/%s' % entry['id'], auth=READ_ONLY).json['read'] is False
    assert call('PUT', '/history/999', {'read': True}).status == 404
    assert call('PUT', '/history/%s' % entry['id'], {'read': 'yes'}).status == 400
    assert call('PUT', '/history/%s' % entry['id'], {'unread': True}).status == 400
    assert call('PUT', '/history/%s' % entry['id'], raw=b'{"read": true}', content_type='text/plain').status == 415
    assert call('DELETE', '/history/%s' % entry['id']).status == 405
    assert history(call)['items'][0]['read'] is False


def test_reset_forgets_received_and_held_sms(call, control):
    control.receive_sms('+4915799940001', 'now')
    control.receive_sms('+4915799940001', 'held', after_polls=1)
    control.reset()
    assert history(call)['items'] == [] and history(call)['items'] == []


def test_a_reply_arrives_after_the_sms_it_answers_and_quotes_it(call, control):
    held = control.receive_sms(None, 'ACK {text}', in_reply_to='+4915799940002', after_polls=1)
    assert held['held'] is True and held['source'] == '+4915799940002'
    assert history(call)['items'] == [] and history(call)['items'] == []
    call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799940001', 'message': 'not for this one'})
    call('POST', '/sessions/sms', {'smsId': 's0', 'recipient': '+4915799940002', 'message': 'Code 4711'})
    assert [item['direction'] for item in history(call)['items']] == ['OUTGOING', 'OUTGOING']
    received = history(call, directions='INCOMING')['items']
    assert [(item['source'], item['smsContent']) for item in received] == [('+4915799940002', 'ACK Code 4711')]


def test_history_ids_are_never_used_twice_not_even_after_a_reset(control):
    first = control.receive_sms('+4915799940001', 'one')
    control.reset()
    assert int(control.receive_sms('+4915799940001', 'two')['id']) > int(first['id'])
