# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The send loop, with a real SipgateClient and the API replayed at the requests boundary."""

from __future__ import annotations

import collections
import json
import threading

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import accepted, not_delivered, unknown
from ansible_collections.sipgate.io.plugins.module_utils._send_loop import RetryGate, SendPlan, send_to_each
from ansible_collections.sipgate.io.plugins.module_utils._sms_message import sms_body
from ansible_collections.sipgate.io.tests.unit.clock import Clock
from ansible_collections.sipgate.io.tests.unit.replay import (
    Answer, by_recipient, dropped, json_answer, no_content, read_timeout, refused, replayed_client,
)

RECIPIENTS = ['+4915799912345', '+4915799912346', '+4915799912347']


def posted(api):
    return [json.loads(request.body.decode('utf-8')) for request in api.requests]


def test_each_recipient_gets_its_own_request_in_order(api):
    api.answers = [no_content()] * 3
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert [(outcome['recipient'], outcome['status'], outcome['http_status'], outcome['error']) for outcome in outcomes] == [
        (recipient, 'sent', 204, None) for recipient in RECIPIENTS]
    assert posted(api) == [sms_body('s0', 'Deployed.', recipient) for recipient in RECIPIENTS]
    assert accepted(outcomes) == RECIPIENTS and not_delivered(outcomes) == []


def test_a_scheduled_sms_is_scheduled(api):
    api.answers = [no_content()]
    outcomes = send_to_each(replayed_client(), 's0', 'Later.', RECIPIENTS[:1], send_at=1767258000)
    assert outcomes[0]['status'] == 'scheduled'
    assert posted(api)[0]['sendAt'] == 1767258000
    assert accepted(outcomes) == RECIPIENTS[:1]


def test_a_failure_for_one_recipient_does_not_stop_the_others(api):
    api.answers = [no_content(), json_answer(400, 'error_400.json'), no_content()]
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'sent']
    assert outcomes[1]['http_status'] == 400
    assert str(outcomes[1]['error']).startswith('Sending the SMS to +4915799912346 failed with HTTP 400')
    assert not_delivered(outcomes) == RECIPIENTS[1:2]


def test_an_account_wide_failure_stops_the_sending(api):
    api.answers = [no_content(), json_answer(402, 'error_402.json')]
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'not_sent']
    assert outcomes[2]['error'] is outcomes[1]['error']
    assert outcomes[2]['http_status'] is None
    assert len(api.requests) == 2
    assert not_delivered(outcomes) == RECIPIENTS[1:]


def test_an_unreachable_api_stops_the_sending(api):
    api.answers = [refused]
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'not_sent', 'not_sent']
    assert outcomes[0]['error'].kind == 'refused'


def test_the_action_names_each_recipient(api):
    api.answers = [json_answer(403, 'error_403.json')]
    outcomes = send_to_each(replayed_client(), 's0', 'Failed.', RECIPIENTS[:1], action='Sending the notification SMS to %s')
    assert str(outcomes[0]['error']).startswith('Sending the notification SMS to +4915799912345 failed with HTTP 403')


@pytest.mark.parametrize('answer', [read_timeout, dropped, json_answer(500, data={}), json_answer(502, data={}), json_answer(504, data={})],
                         ids=['read_timeout', 'dropped', '500', '502', '504'])
def test_an_sms_the_api_may_have_accepted_is_unknown_and_the_others_are_still_tried(api, answer):
    api.answers = [no_content(), answer, no_content()]
    outcomes = send_to_each(replayed_client(retries=2), 's0', 'Deployed.', RECIPIENTS)
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
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', RECIPIENTS + ['+4915799912348'])
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'unknown', 'failed', 'not_sent']
    assert not_delivered(outcomes) == [RECIPIENTS[0], RECIPIENTS[2], '+4915799912348']
    assert unknown(outcomes) == RECIPIENTS[1:2]


# --- sending concurrently ----------------------------------------------------------------------------------------------

# How long a test waits for another thread before it fails; never reached while the code under test is right.
WAIT = 10


def numbers(count):
    return ['+49157999124%02d' % index for index in range(count)]


def workers_alive():
    return [thread for thread in threading.enumerate() if thread.name.startswith('sipgate-sms-')]


class Traffic(object):
    """Answer builders that log when each answer begins and ends, and count the most requests answered at once.

    ``alone`` lists the recipients whose request was answered while no other thread could send.
    """

    def __init__(self):
        self.events = []
        self.alone = []
        self.most = 0
        self._now = 0
        self._lock = threading.Lock()

    def answer(self, result, before=None):
        """Call ``before`` (a wait for other requests), then answer with ``result``: an Answer or a failure builder."""
        def answer(request):
            recipient = json.loads(request.body.decode('utf-8'))['recipient']
            with self._lock:
                self.events.append(('begin', recipient))
                if not workers_alive():
                    self.alone.append(recipient)
                self._now += 1
                self.most = max(self.most, self._now)
            try:
                if before is not None:
                    before()
                return result(request) if callable(result) else result
            finally:
                with self._lock:
                    self._now -= 1
                    self.events.append(('end', recipient))
        return answer


def test_after_one_accepted_sms_up_to_max_in_flight_go_at_once_each_on_a_session_of_its_own(api):
    recipients = numbers(9)
    traffic = Traffic()
    # The 8 after the first answer in two waves of 4: each answer waits until 4 requests are in flight.
    wave = threading.Barrier(4, timeout=WAIT)
    api.default = by_recipient(dict((recipient, [traffic.answer(no_content(), before=None if index == 0 else wave.wait)])
                                    for index, recipient in enumerate(recipients)))
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', recipients, max_in_flight=4)
    assert [(outcome['recipient'], outcome['status'], outcome['http_status']) for outcome in outcomes] == [
        (recipient, 'sent', 204) for recipient in recipients]
    # The first went alone; then never more than 4 at once.
    assert traffic.alone == recipients[:1]
    assert traffic.events[:2] == [('begin', recipients[0]), ('end', recipients[0])]
    assert traffic.most == 4
    assert sorted(body['recipient'] for body in posted(api)) == recipients
    # One session per worker; the client's own, which sent the first SMS, is one of them.
    assert len(set(id(adapter) for adapter in api.adapters)) == 4
    assert any(adapter is api.adapters[0] for adapter in api.adapters[1:])


def test_with_max_in_flight_1_the_recipients_get_the_sms_one_after_the_other_on_one_session(api):
    recipients = numbers(4)
    traffic = Traffic()
    api.default = by_recipient(dict((recipient, [traffic.answer(no_content())]) for recipient in recipients))
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', recipients, max_in_flight=1)
    assert accepted(outcomes) == recipients
    assert traffic.events == [(event, recipient) for recipient in recipients for event in ('begin', 'end')]
    assert traffic.alone == recipients
    assert [body['recipient'] for body in posted(api)] == recipients
    assert len(set(id(adapter) for adapter in api.adapters)) == 1


def test_until_the_api_accepted_one_sms_the_recipients_go_one_at_a_time(api):
    recipients = numbers(5)
    traffic = Traffic()
    # Neither a refused number nor an unknown outcome shows that the other recipients would get the SMS; an accepted
    # SMS does. The last two wait for each other: they are in flight at once.
    wave = threading.Barrier(2, timeout=WAIT)
    api.default = by_recipient({
        recipients[0]: [traffic.answer(json_answer(400, 'error_400.json'))],
        recipients[1]: [traffic.answer(read_timeout)],
        recipients[2]: [traffic.answer(no_content())],
        recipients[3]: [traffic.answer(no_content(), before=wave.wait)],
        recipients[4]: [traffic.answer(no_content(), before=wave.wait)],
    })
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', recipients, max_in_flight=5)
    assert [outcome['status'] for outcome in outcomes] == ['failed', 'unknown', 'sent', 'sent', 'sent']
    assert traffic.alone == recipients[:3]
    assert traffic.events[:6] == [(event, recipient) for recipient in recipients[:3] for event in ('begin', 'end')]
    assert traffic.most == 2


def test_a_wait_before_a_retry_pauses_every_worker(api):
    first, limited, in_flight, later = numbers(4)
    in_flight_arrived, limited_waits = threading.Event(), threading.Event()
    slept, requests_while_paused = [], []
    # Both workers come to sleep: the one that got the 429, and the other one at the gate before its next request.
    both_wait = threading.Barrier(2, timeout=WAIT, action=lambda: requests_while_paused.append(len(api.requests)))

    def sleep(seconds):
        slept.append(seconds)
        limited_waits.set()
        both_wait.wait()

    def rate_limited(request):
        # The 429 comes while the request for in_flight is in flight too.
        assert in_flight_arrived.wait(WAIT)
        return Answer(429, '{"message": "Too Many Requests"}', {'Content-Type': 'application/json', 'Retry-After': '5'})

    def answer_once_limited_waits(request):
        in_flight_arrived.set()
        assert limited_waits.wait(WAIT)
        return no_content()

    api.default = by_recipient({first: [no_content()], limited: [rate_limited, no_content()], in_flight: [answer_once_limited_waits],
                                later: [no_content()]})
    outcomes = send_to_each(replayed_client(retries=1, sleep=sleep), 's0', 'Deployed.', [first, limited, in_flight, later], max_in_flight=2)
    assert accepted(outcomes) == [first, limited, in_flight, later]
    # While both waited, no request went out: only first, limited (the 429) and in_flight had been sent.
    assert requests_while_paused == [3]
    assert len(slept) == 2 and all(0 < seconds <= 5 for seconds in slept)
    sent_to = [body['recipient'] for body in posted(api)]
    assert sent_to[0] == first and sorted(sent_to[1:3]) == sorted([limited, in_flight]) and sorted(sent_to[3:]) == sorted([limited, later])


def test_a_failure_every_request_would_share_stops_the_sends_not_started_yet(api):
    recipients = numbers(7)
    together = threading.Barrier(3, timeout=WAIT)

    def no_balance(request):
        together.wait()
        return json_answer(402, 'error_402.json')

    # The balance runs out after the first SMS, while three requests are in flight; the last three get no answer.
    api.default = by_recipient(dict([(recipients[0], [no_content()])] + [(recipient, [no_balance]) for recipient in recipients[1:4]]))
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', recipients, max_in_flight=3)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'failed', 'failed', 'failed', 'not_sent', 'not_sent', 'not_sent']
    assert all(outcome['http_status'] == 402 for outcome in outcomes[1:4])
    failures = [outcome['error'] for outcome in outcomes[1:4]]
    for outcome in outcomes[4:]:
        assert outcome['http_status'] is None and any(outcome['error'] is error for error in failures)
    assert len(api.requests) == 4
    assert not_delivered(outcomes) == recipients[1:]


def test_an_account_wide_failure_of_the_first_recipient_stops_before_any_other_request(api):
    api.answers = [json_answer(401, 'error_401.json')]
    outcomes = send_to_each(replayed_client(), 's0', 'Deployed.', numbers(12), max_in_flight=10)
    assert [outcome['status'] for outcome in outcomes] == ['failed'] + ['not_sent'] * 11
    assert len(api.requests) == 1


def test_with_requests_in_flight_no_recipient_gets_the_sms_twice(api):
    recipients = numbers(8)
    api.default = by_recipient({
        recipients[0]: [no_content()],
        recipients[1]: [read_timeout],
        recipients[2]: [dropped],
        recipients[3]: [json_answer(500, data={})],
        recipients[4]: [Answer(429, '', {'Retry-After': '0'}), no_content()],
        recipients[5]: [json_answer(400, 'error_400.json')],
        recipients[6]: [no_content()],
        recipients[7]: [no_content()],
    })
    outcomes = send_to_each(replayed_client(retries=2), 's0', 'Deployed.', recipients, max_in_flight=4)
    assert [outcome['status'] for outcome in outcomes] == ['sent', 'unknown', 'unknown', 'unknown', 'sent', 'failed', 'sent', 'sent']
    assert [outcome['recipient'] for outcome in outcomes] == recipients
    # Only the 429, which the API did not process, was sent again.
    counts = collections.Counter(body['recipient'] for body in posted(api))
    assert counts == collections.Counter(dict((recipient, 2 if recipient == recipients[4] else 1) for recipient in recipients))


def test_an_unexpected_error_in_a_worker_is_raised_once_the_others_finished(api):
    recipients = numbers(4)

    def broken(request):
        raise RuntimeError('broken transport')

    api.default = by_recipient(dict([(recipients[0], [no_content()]), (recipients[1], [broken])]
                                    + [(recipient, [no_content()]) for recipient in recipients[2:]]))
    with pytest.raises(RuntimeError, match='broken transport'):
        send_to_each(replayed_client(), 's0', 'Deployed.', recipients, max_in_flight=2)
    assert workers_alive() == []


# --- the plan and the gate the workers share -----------------------------------------------------------------------------


def outcome(recipient, status, error=None):
    return dict(recipient=recipient, status=status, http_status=error.status if error else 204, error=error)


def test_the_plan_hands_out_each_recipient_once_in_order():
    plan = SendPlan(RECIPIENTS)
    assert [plan.take(), plan.take(), plan.take(), plan.take()] == [0, 1, 2, None]
    assert plan.left() == 0


def test_the_plan_stops_at_a_failure_every_request_would_share_and_keeps_what_was_in_flight():
    plan = SendPlan(RECIPIENTS + ['+4915799912348'])
    first, second = plan.take(), plan.take()
    no_balance = SipgateError('no balance', status=402)
    plan.record(first, outcome(RECIPIENTS[0], 'failed', no_balance))
    assert plan.take() is None and plan.left() == 0 and plan.blocking_error is no_balance
    # The request that was in flight reports what it got.
    plan.record(second, outcome(RECIPIENTS[1], 'sent'))
    assert [(entry['status'], entry['error']) for entry in plan.outcomes()] == [
        ('failed', no_balance), ('sent', None), ('not_sent', no_balance), ('not_sent', no_balance)]


def test_the_plan_goes_on_after_a_failure_of_one_recipient_and_an_unknown_outcome():
    plan = SendPlan(RECIPIENTS)
    plan.record(plan.take(), outcome(RECIPIENTS[0], 'failed', SipgateError('bad number', status=400)))
    plan.record(plan.take(), outcome(RECIPIENTS[1], 'unknown', SipgateError('timeout', kind='read_timeout', may_have_been_accepted=True)))
    assert plan.take() == 2 and plan.blocking_error is None


def test_the_gate_is_open_until_closed_and_after_the_pause():
    clock = Clock(now=100.0)
    gate = RetryGate(clock.sleep, clock=clock)
    gate.wait()
    gate.pause(5)
    gate.wait()
    assert clock.sleeps == [5]


def test_the_gate_stays_closed_for_the_longest_pause():
    clock = Clock(now=100.0)
    gate = RetryGate(clock.sleep, clock=clock)
    gate.close(10)
    gate.close(2)
    gate.wait()
    assert clock.sleeps == [10]


def test_a_pause_that_begins_while_waiting_makes_the_wait_longer():
    clock = Clock(now=100.0)

    def sleep(seconds):
        if not clock.sleeps:
            # One second into the wait, another request gets a 429 with Retry-After 8: the gate stays closed until 109.
            clock.now += 1
            gate.close(8)
            clock.now -= 1
        clock.sleep(seconds)

    gate = RetryGate(sleep, clock=clock)
    gate.pause(5)
    assert clock.sleeps == [5, 4]
    gate.wait()
    assert clock.sleeps == [5, 4]
