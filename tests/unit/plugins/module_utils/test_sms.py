# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The send loop, with a real SipgateClient and the API replayed at the requests boundary."""

from __future__ import annotations

import json

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.plugins.module_utils._sms import (
    accepted,
    not_delivered,
    send_to_each,
    sms_body,
    text_problems,
    unknown,
)
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, dropped, json_answer, no_content, read_timeout, refused

RECIPIENTS = ['+4915799912345', '+4915799912346', '+4915799912347']


def client(retries=0):
    return SipgateClient(api_url='https://api.sipgate.com/v2', timeout=DEFAULT_TIMEOUT, retries=retries,
                         token_id=TOKEN_ID, token=TOKEN, sleep=lambda seconds: None)


def posted(api):
    return [json.loads(request.body.decode('utf-8')) for request in api.requests]


def test_sms_body():
    assert sms_body('s0', 'hi', '+4915799912345') == {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'hi'}
    assert sms_body('s1', 'hi', '+4915799912345', 1767258000)['sendAt'] == 1767258000


def test_each_recipient_gets_its_own_request_in_order(api):
    api.answers = [no_content()] * 3
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [(outcome['recipient'], outcome['status'], outcome['http_status'], outcome['error']) for outcome in outcomes] == [
        (recipient, 'sent', 204, None) for recipient in RECIPIENTS]
    assert posted(api) == [sms_body('s0', 'Deployed.', recipient) for recipient in RECIPIENTS]
    assert accepted(outcomes) == RECIPIENTS and not_delivered(outcomes) == []


def test_a_scheduled_sms_is_scheduled(api):
    api.answers = [no_content()]
    outcomes = send_to_each(client(), 's0', 'Later.', RECIPIENTS[:1], send_at=1767258000)
    assert outcomes[0]['status'] == 'scheduled'
    assert posted(api)[0]['sendAt'] == 1767258000
    assert accepted(outcomes) == RECIPIENTS[:1]


def test_a_failure_for_one_recipient_does_not_stop_the_others(api):
    api.answers = [no_content(), json_answer(400, 'error_400.json'), no_content()]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'sent']
    assert outcomes[1]['http_status'] == 400
    assert str(outcomes[1]['error']).startswith('Sending the SMS to +4915799912346 failed with HTTP 400')
    assert not_delivered(outcomes) == RECIPIENTS[1:2]


def test_an_account_wide_failure_stops_the_sending(api):
    api.answers = [no_content(), json_answer(402, 'error_402.json')]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'not_sent']
    assert outcomes[2]['error'] is outcomes[1]['error']
    assert outcomes[2]['http_status'] is None
    assert len(api.requests) == 2
    assert not_delivered(outcomes) == RECIPIENTS[1:]


def test_an_unreachable_api_stops_the_sending(api):
    api.answers = [refused]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'not_sent', 'not_sent']
    assert outcomes[0]['error'].kind == 'refused'


def test_the_action_names_each_recipient(api):
    api.answers = [json_answer(403, 'error_403.json')]
    outcomes = send_to_each(client(), 's0', 'Failed.', RECIPIENTS[:1], action='Sending the notification SMS to %s')
    assert str(outcomes[0]['error']).startswith('Sending the notification SMS to +4915799912345 failed with HTTP 403')


@pytest.mark.parametrize('answer', [read_timeout, dropped, json_answer(500, data={}), json_answer(502, data={}), json_answer(504, data={})],
                         ids=['read_timeout', 'dropped', '500', '502', '504'])
def test_an_sms_the_api_may_have_accepted_is_unknown_and_the_others_are_still_tried(api, answer):
    api.answers = [no_content(), answer, no_content()]
    outcomes = send_to_each(client(retries=2), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'unknown', 'sent']
    assert outcomes[1]['error'].may_have_been_accepted
    assert str(outcomes[1]['error']).endswith('The API may have accepted it; it is not sent again, to avoid a duplicate SMS.') or \
        'to avoid a duplicate SMS. The API said' in str(outcomes[1]['error'])
    assert [body['recipient'] for body in posted(api)] == RECIPIENTS
    assert accepted(outcomes) == [RECIPIENTS[0], RECIPIENTS[2]]
    assert unknown(outcomes) == RECIPIENTS[1:2]
    assert not_delivered(outcomes) == []


def test_only_certain_failures_are_not_delivered(api):
    api.answers = [json_answer(400, 'error_400.json'), read_timeout, json_answer(401, 'error_401.json')]
    outcomes = send_to_each(client(), 's0', 'Deployed.', RECIPIENTS + ['+4915799912348'])
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'unknown', 'failed', 'not_sent']
    assert not_delivered(outcomes) == [RECIPIENTS[0], RECIPIENTS[2], '+4915799912348']
    assert unknown(outcomes) == RECIPIENTS[1:2]


@pytest.mark.parametrize('text, shown', [('Disk full\x00', 'U+0000'), ('\x1b[31mDisk full\x1b[0m', 'U+001B'),
                                         ('Disk\x07 full\x7f', 'U+0007, U+007F'), ('Disk\x85full', 'U+0085')])
def test_control_characters_are_refused(text, shown):
    assert text_problems(text, 10) == ['msg contains the control character(s) %s, which phones do not show and which would make '
                                       'the whole text UCS-2; remove them' % shown]


def test_line_breaks_and_tabs_are_text():
    assert text_problems('Disk full\r\non db1\tand db2\f', 10) == []
