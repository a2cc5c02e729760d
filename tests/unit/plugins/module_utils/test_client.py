# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the HTTP client, replaying recorded sipgate API answers.

The network is stubbed only at the requests boundary: a transport adapter mounted on the client's own
``requests.Session`` replays recorded answers (or raises the exceptions requests really raises) and keeps
every PreparedRequest it got. SipgateClient itself is never mocked.
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import time

import pytest
import requests
import yaml

from ansible_collections.sipgate.io.plugins.module_utils._client import (
    BASE_RETRY_WAIT,
    MAX_QUOTED_BODY,
    MAX_RETRY_WAIT,
    USER_AGENT,
    ApiClock,
    SipgateClient,
    SipgateError,
    api_error_text,
    canonical_api_url,
    credential_forms,
    credential_problem,
    describe_http_error,
    http_date,
    is_loopback_host,
    may_retry,
    outcome_unknown,
    parse_retry_after,
    retry_wait,
    validate_api_url,
)
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_RETRIES, DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.tests.unit.replay import (
    TOKEN,
    TOKEN_ID,
    Answer,
    ReplayAdapter,
    connect_timeout,
    dns_failure,
    dropped,
    fixture_bytes,
    json_answer,
    load_fixture,
    no_content,
    read_timeout,
    refused,
    reset,
    tls_broken,
    tls_failure,
)

API_URL = 'https://api.sipgate.com/v2'
ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2lnbmF0dXJlLW9mLXRoZS1hY2Nlc3MtdG9rZW4'
RECIPIENT = '+4915799912345'
SMS_BODY = {'smsId': 's0', 'recipient': RECIPIENT, 'message': 'Deployment of app 1.2.3 finished.'}


def make_client(*answers, **kwargs):
    """A real SipgateClient whose session talks to a ReplayAdapter; waits are recorded, not slept."""
    waits = []
    kwargs.setdefault('api_url', API_URL)
    kwargs.setdefault('timeout', DEFAULT_TIMEOUT)
    kwargs.setdefault('retries', DEFAULT_RETRIES)
    if 'access_token' not in kwargs:
        kwargs.setdefault('token_id', TOKEN_ID)
        kwargs.setdefault('token', TOKEN)
    client = SipgateClient(sleep=waits.append, **kwargs)
    adapter = ReplayAdapter(*answers)
    client.session.mount('https://', adapter)
    client.session.mount('http://', adapter)
    return client, adapter, waits


FAILURES = {
    'refused': refused,
    'dns': dns_failure,
    'connect_timeout': connect_timeout,
    'read_timeout': read_timeout,
    'tls': tls_failure,
    'dropped': dropped,
}


# --- the retry policy -----------------------------------------------------------------------------------------

RETRY_TABLE = [
    # method, failure kind or HTTP status, attempt, retries, retried?
    ('POST', 'refused', 1, 2, True),
    ('POST', 'dns', 1, 2, True),
    ('POST', 'connect_timeout', 1, 2, True),
    ('POST', 'connect_timeout', 2, 2, True),
    ('POST', 'read_timeout', 1, 2, False),
    ('POST', 'dropped', 1, 2, False),
    ('POST', 'tls', 1, 2, False),
    ('POST', 'tls_broken', 1, 2, False),
    ('POST', 429, 1, 2, True),
    # A 503 may come from a proxy after the API processed the POST: never repeated.
    ('POST', 503, 1, 2, False),
    ('POST', 503, 2, 2, False),
    ('PUT', 503, 1, 2, False),
    ('DELETE', 503, 1, 2, False),
    ('PUT', 429, 1, 2, True),
    ('POST', 500, 1, 2, False),
    ('POST', 501, 1, 2, False),
    ('POST', 502, 1, 2, False),
    ('POST', 504, 1, 2, False),
    ('POST', 400, 1, 2, False),
    ('POST', 401, 1, 2, False),
    ('POST', 402, 1, 2, False),
    ('POST', 403, 1, 2, False),
    ('POST', 404, 1, 2, False),
    ('POST', 408, 1, 2, False),
    ('post', 429, 1, 2, True),
    ('post', 'read_timeout', 1, 2, False),
    ('GET', 'refused', 1, 2, True),
    ('GET', 'dns', 1, 2, True),
    ('GET', 'connect_timeout', 1, 2, True),
    ('GET', 'read_timeout', 1, 2, True),
    ('GET', 'dropped', 1, 2, True),
    ('GET', 'tls', 1, 2, False),
    ('GET', 'tls_broken', 1, 2, True),
    ('GET', 408, 1, 2, True),
    ('GET', 429, 1, 2, True),
    ('GET', 500, 1, 2, True),
    ('GET', 501, 1, 2, True),
    ('GET', 502, 1, 2, True),
    ('GET', 503, 1, 2, True),
    ('GET', 504, 2, 2, True),
    ('GET', 400, 1, 2, False),
    ('GET', 401, 1, 2, False),
    ('GET', 403, 1, 2, False),
    ('GET', 404, 1, 2, False),
    ('get', 'read_timeout', 1, 2, True),
    # Attempts beyond ``retries`` are never retried, whatever the failure.
    ('POST', 'refused', 3, 2, False),
    ('POST', 429, 3, 2, False),
    ('POST', 503, 3, 2, False),
    ('GET', 'read_timeout', 3, 2, False),
    ('GET', 'dropped', 3, 2, False),
    ('GET', 500, 3, 2, False),
    ('GET', 'connect_timeout', 4, 2, False),
    ('POST', 'connect_timeout', 1, 0, False),
    ('GET', 503, 1, 0, False),
    ('GET', 'read_timeout', 11, 10, False),
    ('GET', 'read_timeout', 10, 10, True),
]


@pytest.mark.parametrize('method, what, attempt, retries, expected', RETRY_TABLE)
def test_retry_policy(method, what, attempt, retries, expected):
    if isinstance(what, int):
        assert may_retry(method, attempt, retries, status=what) is expected
    else:
        assert may_retry(method, attempt, retries, failure=what) is expected


# --- Retry-After and back-off -----------------------------------------------------------------------------------

NOW = 1767258000.0  # 2026-01-01T09:00:00Z


@pytest.mark.parametrize('value, expected', [
    ('2', 2.0),
    ('0', 0.0),
    (' 7 ', 7.0),
    ('120', 120.0),
    (2, 2.0),
])
def test_parse_retry_after_delta_seconds(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_http_date():
    in_twelve_seconds = email.utils.formatdate(NOW + 12, usegmt=True)
    assert in_twelve_seconds.endswith('GMT')
    assert parse_retry_after(in_twelve_seconds, now=NOW) == pytest.approx(12.0)
    assert parse_retry_after('Thu, 01 Jan 2026 09:00:20 GMT', now=NOW) == pytest.approx(20.0)


def test_parse_retry_after_http_date_in_the_past_is_no_wait():
    assert parse_retry_after('Wed, 21 Oct 2015 07:28:00 GMT', now=NOW) == 0.0


@pytest.mark.parametrize('value, expected', [
    ('Tue, 01 Dec 2026 07:30:00 GMT', 1796110200.0),
    ('Tue, 01 Dec 2026 08:30:00 +0100', 1796110200.0),
    ('Tue, 01 Dec 2026 07:30:00 -0000', 1796110200.0),
    (None, None), ('', None), ('yesterday', None), ('Wed, 99 Foo 2015 07:28:00 GMT', None),
])
def test_http_date_is_unix_seconds_of_a_date_header(value, expected):
    assert http_date(value) == expected


def test_an_answer_without_a_date_leaves_the_api_clock_as_it_was():
    client = make_client(Answer(200, b'{}', {'Content-Type': 'application/json', 'Date': 'Tue, 01 Dec 2026 07:30:00 GMT'}),
                         Answer(200, b'{}', {'Content-Type': 'application/json'}))[0]
    assert not client.api_clock.known()
    client.get('/balance')
    bounds = (client.api_clock.lowest, client.api_clock.highest)
    assert client.api_clock.known()
    client.get('/balance')
    assert (client.api_clock.lowest, client.api_clock.highest) == bounds


@pytest.mark.parametrize('value', ['soon', '', '   ', '-1', '1.5', '2s', 'Wed, 99 Foo 2015 07:28:00 GMT'])
def test_parse_retry_after_garbage(value):
    assert parse_retry_after(value, now=NOW) is None


@pytest.mark.parametrize('attempt, expected', [(1, BASE_RETRY_WAIT), (2, BASE_RETRY_WAIT * 2), (3, BASE_RETRY_WAIT * 4)])
def test_retry_wait_backs_off_exponentially(attempt, expected):
    assert retry_wait(attempt) == expected
    # A Retry-After that is not understood falls back to the same back-off.
    assert retry_wait(attempt, 'soon', now=NOW) == expected


def test_retry_wait_backoff_is_capped():
    assert retry_wait(30) == MAX_RETRY_WAIT


@pytest.mark.parametrize('retry_after, expected', [
    ('2', 2.0),
    ('0', 0.0),
    (str(int(MAX_RETRY_WAIT)), MAX_RETRY_WAIT),
    ('Thu, 01 Jan 2026 09:00:05 GMT', 5.0),
])
def test_retry_wait_follows_retry_after(retry_after, expected):
    assert retry_wait(1, retry_after, now=NOW) == pytest.approx(expected)


@pytest.mark.parametrize('retry_after', [str(int(MAX_RETRY_WAIT) + 1), '3600', 'Thu, 01 Jan 2026 10:00:00 GMT'])
def test_retry_wait_refuses_a_retry_after_over_the_cap(retry_after):
    # None means: do not retry, report the answer instead.
    assert retry_wait(1, retry_after, now=NOW) is None


# --- retries end to end, through SipgateClient and requests ------------------------------------------------------


def test_post_429_with_retry_after_is_sent_again_after_that_wait():
    client, adapter, waits = make_client(json_answer(429, 'error_429.json', headers={'Retry-After': '2'}), no_content())
    assert client.post('/sessions/sms', SMS_BODY) == 204
    assert adapter.methods == ['POST', 'POST']
    assert waits == [2.0]
    assert [json.loads(request.body) for request in adapter.requests] == [SMS_BODY, SMS_BODY]
    assert len(adapter.requests) == 2


def test_post_503_is_not_sent_again_and_its_outcome_is_unknown():
    client, adapter, waits = make_client(json_answer(503, 'error_503.json'), no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.status == 503 and caught.value.may_have_been_accepted is True
    assert 'The API may have accepted it; it is not sent again.' in caught.value.message
    assert adapter.methods == ['POST']
    assert waits == []


def test_post_429_with_a_retry_after_over_the_cap_is_reported_not_waited_for():
    client, adapter, waits = make_client(json_answer(429, 'error_429.json', headers={'Retry-After': '3600'}))
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.status == 429
    assert adapter.methods == ['POST']
    assert waits == []


@pytest.mark.parametrize('status', [500, 502, 504, 400, 401, 402, 403])
def test_post_other_error_statuses_are_sent_exactly_once(status):
    client, adapter, waits = make_client(json_answer(status, 'error_%d.json' % status), no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    assert caught.value.status == status
    assert caught.value.kind == 'http'
    assert adapter.methods == ['POST']
    assert waits == []
    assert len(adapter.answers) == 1, 'the 204 must not have been requested'


def test_post_read_timeout_is_not_sent_again():
    client, adapter, waits = make_client(read_timeout, no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT, unknown_note='It may be a duplicate SMS.')
    error = caught.value
    assert error.kind == 'read_timeout'
    assert error.status is None
    assert error.may_have_been_accepted
    assert error.message.endswith('(timeout). It may be a duplicate SMS.')
    assert adapter.methods == ['POST']
    assert waits == []


@pytest.mark.parametrize('failure', [dropped, reset], ids=['remote_disconnected', 'connection_reset'])
def test_post_dropped_connection_is_not_sent_again(failure):
    client, adapter, waits = make_client(failure, no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.kind == 'dropped'
    assert caught.value.may_have_been_accepted
    assert 'not sent again' in caught.value.message
    assert adapter.methods == ['POST']
    assert waits == []


def test_post_connect_timeout_is_retried():
    client, adapter, waits = make_client(connect_timeout, no_content())
    assert client.post('/sessions/sms', SMS_BODY) == 204
    assert adapter.methods == ['POST', 'POST']
    assert waits == [BASE_RETRY_WAIT]


def test_post_refused_and_dns_failures_are_retried_with_growing_waits():
    client, adapter, waits = make_client(refused, dns_failure, no_content())
    assert client.post('/sessions/sms', SMS_BODY) == 204
    assert adapter.methods == ['POST', 'POST', 'POST']
    assert waits == [BASE_RETRY_WAIT, BASE_RETRY_WAIT * 2]


def test_post_tls_failure_is_not_retried():
    client, adapter, waits = make_client(tls_failure, no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.kind == 'tls'
    assert adapter.methods == ['POST']
    assert waits == []


def test_get_read_timeout_then_200_returns_the_json():
    client, adapter, waits = make_client(read_timeout, json_answer(200, 'userinfo.json'))
    assert client.userinfo() == load_fixture('userinfo.json')
    assert adapter.methods == ['GET', 'GET']
    assert [request.url for request in adapter.requests] == [API_URL + '/authorization/userinfo'] * 2
    assert waits == [BASE_RETRY_WAIT]


def test_get_dropped_then_500_then_200():
    client, adapter, waits = make_client(dropped, json_answer(500, 'error_500.json'), json_answer(200, 'sms_extensions.json'))
    assert client.get('/w0/sms') == load_fixture('sms_extensions.json')
    assert adapter.methods == ['GET', 'GET', 'GET']
    assert waits == [BASE_RETRY_WAIT, BASE_RETRY_WAIT * 2]


@pytest.mark.parametrize('retries', [0, 1, 3])
def test_post_retries_exhausted_after_one_plus_retries_attempts(retries):
    answers = [json_answer(429, 'error_429.json') for dummy in range(retries + 2)]
    client, adapter, waits = make_client(*answers, retries=retries)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.status == 429
    assert 'HTTP 429' in caught.value.message
    assert len(adapter.requests) == 1 + retries
    assert waits == [BASE_RETRY_WAIT * 2 ** n for n in range(retries)]
    assert len(adapter.requests) == 1 + retries


@pytest.mark.parametrize('retries', [0, 2])
def test_get_retries_exhausted_after_one_plus_retries_attempts(retries):
    client, adapter, waits = make_client(*([connect_timeout] * (retries + 2)), retries=retries)
    with pytest.raises(SipgateError) as caught:
        client.get('/w0/sms')
    assert caught.value.kind == 'connect_timeout'
    assert len(adapter.requests) == 1 + retries
    assert len(waits) == retries


# --- HTTP error answers -------------------------------------------------------------------------------------------

# status, recorded body, the API's text in it, words of the hint (from the sipgate README's error table)
HTTP_ERROR_TABLE = [
    (400, 'error_400.json', 'The field message must not be empty or only contain spaces', ['bad request']),
    (401, 'error_401.json', 'Invalid token supplied', ['authentication failed', 'token_id']),
    (402, 'error_402.json', 'Insufficient funds', ['insufficient account balance']),
    (403, 'error_403.json', 'No permission to use the SMS extension s7', ['no permission', 'sms_id', 'sessions:sms:write']),
    (404, 'error_404.json', 'HTTP 404 Not Found', ['not found', 'api_url', '/v2']),
    (405, 'error_405.json', 'HTTP 405 Method Not Allowed', ['method not allowed']),
    (415, 'error_415.json', 'HTTP 415 Unsupported Media Type', ['unsupported media type', 'application/json']),
    (418, 'error_418.json', 'I am a teapot', ['unexpected answer']),
    (429, 'error_429.json', 'Rate limit exceeded', ['too many requests']),
    (500, 'error_500.json', 'Unhandled bad request: smsId not set', ['server error']),
    (502, 'error_502.json', 'Bad Gateway: upstream sms-service unavailable', ['bad gateway']),
    (503, 'error_503.json', 'Service Unavailable: maintenance in progress', ['service unavailable']),
    (504, 'error_504.json', 'Gateway Timeout: upstream did not answer', ['gateway timeout']),
]
STATUSES = [row[0] for row in HTTP_ERROR_TABLE]
HINT_WORDS = dict((row[0], row[3]) for row in HTTP_ERROR_TABLE)


def _post_and_fail(answer, action='Sending the SMS to %s' % RECIPIENT):
    client, adapter, dummy = make_client(answer, retries=0)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action=action)
    assert len(adapter.requests) == 1
    return caught.value


@pytest.mark.parametrize('status, fixture, api_text, hint_words', HTTP_ERROR_TABLE, ids=[str(row[0]) for row in HTTP_ERROR_TABLE])
def test_http_error_message_from_recorded_answer(status, fixture, api_text, hint_words):
    error = _post_and_fail(json_answer(status, fixture))
    assert error.kind == 'http'
    assert error.status == status
    assert error.api_message == api_text
    assert error.message.startswith('Sending the SMS to %s failed with HTTP %d: ' % (RECIPIENT, status))
    for word in hint_words:
        assert word in error.message
    assert error.message.endswith('The API said: %s' % api_text)


@pytest.mark.parametrize('status', STATUSES)
@pytest.mark.parametrize('content_type, body, api_text', [
    ('application/json', '{"message": "Field recipient is invalid"}', 'Field recipient is invalid'),
    ('application/json;charset=UTF-8',
     '{"errors": [{"status": 400, "title": "Bad Request", "detail": "sendAt is in the past"}, {"detail": "recipient is invalid"}]}',
     'sendAt is in the past; recipient is invalid'),
    ('application/problem+json', '{"title": "Forbidden"}', 'Forbidden'),
    ('application/json', '{"error": "invalid_token", "error_description": "Token is not active"}', 'Token is not active'),
    ('text/plain', 'Upstream said:\n  no   route\n', 'Upstream said: no route'),
    ('', 'plain text without a content type', 'plain text without a content type'),
], ids=['json_message', 'error_response', 'problem_title', 'oauth_error', 'text_plain', 'no_content_type'])
def test_http_error_message_quotes_the_api_text(status, content_type, body, api_text):
    headers = {'Content-Type': content_type} if content_type else {}
    error = _post_and_fail(Answer(status, body, headers))
    assert 'HTTP %d' % status in error.message
    for word in HINT_WORDS[status]:
        assert word in error.message
    assert error.api_message == api_text
    assert 'The API said: %s' % api_text in error.message


@pytest.mark.parametrize('content_type', ['text/html', 'text/html; charset=utf-8', ''])
def test_http_error_html_body_is_not_quoted(content_type):
    headers = {'Content-Type': content_type} if content_type else {}
    error = _post_and_fail(Answer(502, fixture_bytes('error_502.html'), headers))
    assert error.status == 502
    assert 'HTTP 502' in error.message
    assert 'bad gateway' in error.message
    assert error.api_message == ''
    assert 'The API said' not in error.message
    assert '<' not in error.message and 'nginx' not in error.message


def test_http_error_empty_body():
    error = _post_and_fail(Answer(401, b''))
    assert error.message == ('Sending the SMS to %s failed with HTTP 401: authentication failed: wrong token_id/token '
                             '(or username/password), or an expired access_token.' % RECIPIENT)


def test_http_error_long_body_is_shortened():
    detail = 'x' * 1000
    error = _post_and_fail(json_answer(400, data={'message': detail}))
    assert error.api_message == 'x' * MAX_QUOTED_BODY + '...'
    assert 'x' * (MAX_QUOTED_BODY + 1) not in error.message
    assert len(error.message) < MAX_QUOTED_BODY + 200


def test_http_error_json_without_a_known_key_is_quoted_as_text():
    error = _post_and_fail(json_answer(400, data={'code': 'E42'}))
    assert error.api_message == '{"code": "E42"}'


def test_http_error_broken_json_is_quoted_as_text():
    error = _post_and_fail(Answer(400, '{"message": "cut off', {'Content-Type': 'application/json'}))
    assert error.api_message == '{"message": "cut off'


def test_describe_http_error_takes_hints_of_the_caller():
    message = describe_http_error(403, 'nope', action='Listing the SMS extensions', hints={403: 'the token lacks sms:read'})
    assert message == 'Listing the SMS extensions failed with HTTP 403: the token lacks sms:read. The API said: nope'
    assert describe_http_error(599) == 'Request failed with HTTP 599: sipgate API server error.'
    assert describe_http_error(451) == 'Request failed with HTTP 451: unexpected answer from the sipgate API.'


@pytest.mark.parametrize('body, content_type, expected', [
    (b'', '', ''),
    (None, 'application/json', ''),
    ('{"errors": []}', 'application/json', '{"errors": []}'),
    ('{"errors": [{"detail": "a"}, {"title": "b"}]}', '', 'a; b'),
    ('["not", "an", "object"]', '', '["not", "an", "object"]'),
    ('<!DOCTYPE html><p>Bad gateway</p>', '', ''),
    ('caf\xe9'.encode('utf-8'), 'text/plain', 'caf\xe9'),
    (b'\xff\xfe broken', 'text/plain', '\ufffd\ufffd broken'),
])
def test_api_error_text(body, content_type, expected):
    assert api_error_text(body, content_type) == expected


# --- connection failures --------------------------------------------------------------------------------------------

# kind, words in the message, affects_every_request
FAILURE_TABLE = [
    ('refused', ['refused', 'Check api_url'], True),
    ('dns', ['could not resolve the host name', 'DNS'], True),
    ('connect_timeout', ['no connection', 'within 30 seconds', 'timeout'], True),
    ('read_timeout', ['did not answer within 30 seconds', 'timeout', 'not sent again'], False),
    ('tls', ['TLS error', 'certificate', 'validate_certs=false'], True),
    ('dropped', ['was dropped before the API answered', 'not sent again'], False),
]


@pytest.mark.parametrize('kind, words, affects_every_request', FAILURE_TABLE, ids=[row[0] for row in FAILURE_TABLE])
def test_connection_failure_messages(kind, words, affects_every_request):
    client, adapter, waits = make_client(FAILURES[kind], retries=0, timeout=30.0)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    error = caught.value
    assert error.kind == kind
    assert error.status is None
    assert error.affects_every_request is affects_every_request
    assert error.message.startswith('Sending the SMS to %s failed' % RECIPIENT)
    for word in words:
        assert word in error.message
    if kind == 'tls':
        assert "'api.sipgate.com'" in error.message
    else:
        assert "'%s'" % API_URL in error.message
    assert TOKEN not in error.message
    assert len(adapter.requests) == 1 and waits == []


def test_connection_failure_messages_are_all_different():
    messages = set()
    for kind in FAILURES:
        client, dummy, dummy = make_client(FAILURES[kind], retries=0)
        with pytest.raises(SipgateError) as caught:
            client.get('/authorization/userinfo')
        assert caught.value.kind == kind
        messages.add(caught.value.message)
    assert len(messages) == len(FAILURES)


def test_get_failure_message_does_not_talk_about_duplicate_sms():
    client, dummy, dummy = make_client(read_timeout, retries=0)
    with pytest.raises(SipgateError) as caught:
        client.get('/w0/sms', action='Listing the SMS extensions')
    assert caught.value.kind == 'read_timeout'
    assert 'not sent again' not in caught.value.message
    assert caught.value.message.startswith('Listing the SMS extensions failed')


def test_connection_failure_names_a_loopback_api_url():
    client, dummy, dummy = make_client(refused, retries=0, api_url='http://127.0.0.1:8080/v2/')
    with pytest.raises(SipgateError) as caught:
        client.userinfo()
    assert caught.value.kind == 'refused'
    assert "'http://127.0.0.1:8080/v2'" in caught.value.message
    assert caught.value.message.startswith('Checking the credentials failed')


@pytest.mark.parametrize('kind, status, expected', [
    ('http', 400, False),
    ('http', 401, True),
    ('http', 402, True),
    ('http', 403, True),
    ('http', 404, True),
    ('http', 405, True),
    ('http', 415, True),
    ('http', 429, False),
    ('http', 500, False),
    ('http', 503, False),
    ('invalid_response', 200, False),
    ('config', None, True),
])
def test_affects_every_request_for_http_answers(kind, status, expected):
    assert SipgateError('x', kind=kind, status=status).affects_every_request is expected


# --- credentials, headers, body -----------------------------------------------------------------------------------


def test_token_echoed_in_a_json_error_is_redacted():
    error = _post_and_fail(json_answer(401, data={'message': 'Invalid token %s for %s' % (TOKEN, TOKEN_ID)}))
    assert TOKEN not in error.message
    assert TOKEN not in error.api_message
    assert 'Invalid token ******** for %s' % TOKEN_ID in error.message


def test_token_echoed_in_a_text_error_is_redacted():
    error = _post_and_fail(Answer(400, 'Authorization: %s:%s rejected' % (TOKEN_ID, TOKEN), {'Content-Type': 'text/plain'}))
    assert TOKEN not in error.message
    assert '%s:******** rejected' % TOKEN_ID in error.message


def test_access_token_echoed_in_an_error_is_redacted():
    client, dummy, dummy = make_client(json_answer(401, data={'errors': [{'detail': 'token %s expired' % ACCESS_TOKEN}]}),
                                       access_token=ACCESS_TOKEN, retries=0)
    with pytest.raises(SipgateError) as caught:
        client.userinfo()
    assert ACCESS_TOKEN not in caught.value.message
    assert 'token ******** expired' in caught.value.message


def test_basic_authorization_with_token_id_and_token():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'))
    client.userinfo()
    scheme, credentials = adapter.requests[0].headers['Authorization'].split(' ', 1)
    assert scheme == 'Basic'
    assert base64.b64decode(credentials).decode('utf-8') == '%s:%s' % (TOKEN_ID, TOKEN)


def test_basic_authorization_with_a_legacy_login():
    client, adapter, dummy = make_client(no_content(), token_id='douglas@example.com', token='p\xe4ss:word')
    client.post('/sessions/sms', SMS_BODY)
    scheme, credentials = adapter.requests[0].headers['Authorization'].split(' ', 1)
    assert scheme == 'Basic'
    assert base64.b64decode(credentials).decode('latin-1') == 'douglas@example.com:p\xe4ss:word'


def test_bearer_authorization_with_access_token():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), no_content(), access_token=ACCESS_TOKEN)
    client.userinfo()
    client.post('/sessions/sms', SMS_BODY)
    assert [request.headers['Authorization'] for request in adapter.requests] == ['Bearer %s' % ACCESS_TOKEN] * 2


def test_credentials_of_a_netrc_file_are_not_used(tmp_path, monkeypatch):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine api.sipgate.com login someone password netrc-secret\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    monkeypatch.setenv('HOME', str(tmp_path))
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), access_token=ACCESS_TOKEN)
    client.userinfo()
    assert adapter.requests[0].headers['Authorization'] == 'Bearer %s' % ACCESS_TOKEN


def test_headers_of_get_and_post():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), no_content())
    client.userinfo()
    client.post('/sessions/sms', SMS_BODY)
    get, post = adapter.requests
    for request in (get, post):
        assert request.headers['Accept'] == 'application/json'
        assert request.headers['User-Agent'].startswith('sipgate.io-ansible-collection/')
    assert post.headers['Content-Type'] == 'application/json'
    assert get.body is None
    assert 'Content-Type' not in get.headers


def test_post_body_is_json_with_the_sms_fields():
    body = dict(SMS_BODY, message='Gr\xfc\xdfe \u20ac \U0001F680', sendAt=1767258000)
    client, adapter, dummy = make_client(no_content())
    assert client.post('/sessions/sms', body) == 204
    request = adapter.requests[0]
    assert request.method == 'POST'
    assert request.url == API_URL + '/sessions/sms'
    sent = json.loads(request.body.decode('utf-8'))
    assert sent == {'smsId': 's0', 'recipient': RECIPIENT, 'message': 'Gr\xfc\xdfe \u20ac \U0001F680', 'sendAt': 1767258000}
    assert isinstance(sent['sendAt'], int)


def test_timeout_and_certificate_validation_reach_the_transport(monkeypatch):
    # With a CA bundle variable set, requests passes the bundle's path as verify; that is validation too.
    for variable in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(variable, raising=False)
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), no_content(), timeout=7.5)
    client.userinfo()
    client.post('/sessions/sms', SMS_BODY)
    assert [options['timeout'] for options in adapter.send_options] == [7.5, 7.5]
    assert [options['verify'] for options in adapter.send_options] == [True, True]


def test_validate_certs_false_reaches_the_transport(monkeypatch):
    for variable in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(variable, raising=False)
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), validate_certs=False)
    client.userinfo()
    assert adapter.send_options[0]['verify'] is False


def test_all_requests_of_a_client_use_one_session():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), json_answer(200, 'sms_extensions.json'),
                                         json_answer(200, 'sms_callerids_s0.json'), no_content(), no_content())
    session = client.session
    assert client.userinfo()['sub'] == 'w0'
    assert client.get('/w0/sms')['items'][0]['id'] == 's0'
    assert client.get('/w0/sms/s0/callerids')['items'][0]['phonenumber'] == 'sipgate'
    client.post('/sessions/sms', SMS_BODY)
    client.post('/sessions/sms', dict(SMS_BODY, recipient='+4915799912346'))
    assert client.session is session
    assert isinstance(session, requests.Session)
    # The adapter is mounted on that one session only, so it saw every request.
    assert [(request.method, request.path_url) for request in adapter.requests] == [
        ('GET', '/v2/authorization/userinfo'),
        ('GET', '/v2/w0/sms'),
        ('GET', '/v2/w0/sms/s0/callerids'),
        ('POST', '/v2/sessions/sms'),
        ('POST', '/v2/sessions/sms'),
    ]
    assert len(adapter.requests) == 5


def test_client_as_context_manager_closes_the_session():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'))
    closed = []
    adapter.close = lambda: closed.append(True)
    with client as entered:
        assert entered is client
        entered.userinfo()
    # The adapter is mounted for https:// and http://; closing the session closes both mounts.
    assert closed and all(closed)


def test_a_sibling_has_the_same_settings_and_a_session_of_its_own(api, monkeypatch):
    for variable in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(variable, raising=False)
    waits, sibling_waits = [], []
    api.answers = [no_content(), Answer(429, '', {'Retry-After': '2'}), Answer(400, 'rejected %s' % TOKEN), no_content()]
    client = SipgateClient(api_url='http://127.0.0.1:8080/v2', timeout=7.5, retries=1, token_id=TOKEN_ID, token=TOKEN,
                           validate_certs=False, sleep=waits.append)
    sibling = client.sibling(sleep=sibling_waits.append)
    assert sibling.session is not client.session and isinstance(sibling.session, requests.Session)
    client.post('/sessions/sms', SMS_BODY)
    with pytest.raises(SipgateError) as caught:
        sibling.post('/sessions/sms', SMS_BODY)
    # Its own waits, the same retries, and the same secrets masked.
    assert (waits, sibling_waits) == ([], [2.0])
    assert TOKEN not in str(caught.value) and '********' in str(caught.value)
    sibling.close()
    client.post('/sessions/sms', SMS_BODY)
    first, second, third, fourth = api.requests
    for request in (second, third):
        for header in ('Authorization', 'Accept', 'User-Agent'):
            assert request.headers[header] == first.headers[header]
    assert len(set(str(options) for options in api.send_options)) == 1
    assert api.send_options[0]['timeout'] == 7.5 and api.send_options[0]['verify'] is False
    # One transport adapter (and so one connection pool) per session; closing the sibling leaves the client's open.
    assert api.adapters[1] is api.adapters[2] and api.adapters[0] is api.adapters[3] and api.adapters[0] is not api.adapters[1]


def test_a_sibling_may_use_the_session_of_its_client():
    client, adapter, waits = make_client(Answer(429, '', {'Retry-After': '1'}), no_content())
    sibling_waits = []
    sibling = client.sibling(sleep=sibling_waits.append, session=client.session)
    assert sibling.session is client.session
    assert sibling.post('/sessions/sms', SMS_BODY) == 204
    assert len(adapter.requests) == 2 and (waits, sibling_waits) == ([], [1.0])


# --- answers that are not what the API documents -------------------------------------------------------------------


@pytest.mark.parametrize('content_type, body', [
    ('text/html', '<html><body>Login</body></html>'),
    ('application/json', '{"sub": "w0"'),
    ('', 'OK'),
])
def test_get_non_json_200_is_an_invalid_response(content_type, body):
    headers = {'Content-Type': content_type} if content_type else {}
    client, adapter, waits = make_client(Answer(200, body, headers))
    with pytest.raises(SipgateError) as caught:
        client.get('/w0/sms', action='Listing the SMS extensions')
    error = caught.value
    assert error.kind == 'invalid_response'
    assert error.status == 200
    assert error.message.startswith('Listing the SMS extensions failed: the API answered HTTP 200 with a body that is not JSON')
    assert '(Content-Type %s)' % (content_type or 'missing') in error.message
    assert adapter.methods == ['GET']
    assert waits == []


@pytest.mark.parametrize('answer', [no_content(), Answer(200), json_answer(200, data={'id': 1}), Answer(201, '', {'Content-Type': 'text/html'})])
def test_a_write_succeeds_with_no_body_or_a_json_body(answer):
    client, dummy, dummy = make_client(answer)
    assert client.post('/sessions/sms', SMS_BODY) == answer.status


@pytest.mark.parametrize('method', ['post', 'put'])
@pytest.mark.parametrize('answer', [
    Answer(200, '<html><body>Welcome to the hotel wifi</body></html>', {'Content-Type': 'text/html; charset=utf-8'}),
    Answer(200, 'OK', {'Content-Type': 'text/plain'}),
    Answer(202, 'accepted', {}),
], ids=['captive_portal_html', 'text', 'no_content_type'])
def test_a_success_answer_that_is_not_from_the_api_is_an_account_wide_failure(method, answer):
    client, adapter, dummy = make_client(answer)
    with pytest.raises(SipgateError) as caught:
        getattr(client, method)('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    error = caught.value
    assert error.kind == 'not_api'
    assert error.status == answer.status
    assert error.message.startswith('Sending the SMS to %s failed: the answer (HTTP %d, Content-Type ' % (RECIPIENT, answer.status))
    assert 'did not come from the sipgate API' in error.message and 'captive portal' in error.message
    assert 'Welcome' not in error.message
    assert error.affects_every_request
    assert not error.may_have_been_accepted
    assert len(adapter.requests) == 1


# --- api_url ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('api_url, expected', [
    ('https://api.sipgate.com/v2', 'https://api.sipgate.com/v2'),
    ('https://api.sipgate.com/v2/', 'https://api.sipgate.com/v2'),
    ('  https://api.sipgate.com/v2//  ', 'https://api.sipgate.com/v2'),
    ('https://sipgate.example.org:8443/api/v2', 'https://sipgate.example.org:8443/api/v2'),
    ('http://127.0.0.1:8080/v2/', 'http://127.0.0.1:8080/v2'),
    ('http://127.5.5.5/v2', 'http://127.5.5.5/v2'),
    ('http://[::1]:8080/v2', 'http://[::1]:8080/v2'),
    ('http://localhost:8080/v2', 'http://localhost:8080/v2'),
    ('http://LocalHost/v2', 'http://LocalHost/v2'),
])
def test_validate_api_url_accepts(api_url, expected):
    assert validate_api_url(api_url) == expected


@pytest.mark.parametrize('api_url, words', [
    ('http://api.sipgate.com/v2', ['plain http', 'not loopback', 'Use https']),
    ('http://10.0.0.1/v2', ['plain http', 'not loopback']),
    ('http://localhost.example.com/v2', ['plain http', 'not loopback']),
    ('http://[2001:db8::1]/v2', ['plain http', 'not loopback']),
    ('https://api.sipgate.com/v2?debug=1', ['must not have a query or fragment']),
    ('https://api.sipgate.com/v2#top', ['must not have a query or fragment']),
    ('ftp://api.sipgate.com/v2', ['is not an http(s) URL', 'https://api.sipgate.com/v2']),
    ('api.sipgate.com/v2', ['is not an http(s) URL']),
    ('https:///v2', ['is not an http(s) URL']),
    ('', ['must not be empty']),
    ('   ', ['must not be empty']),
    (None, ['must not be empty']),
])
def test_validate_api_url_refuses(api_url, words):
    with pytest.raises(SipgateError) as caught:
        validate_api_url(api_url)
    assert caught.value.kind == 'config'
    assert caught.value.affects_every_request
    for word in words:
        assert word in caught.value.message


@pytest.mark.parametrize('api_url', [
    'https://douglas:s3cr3t-pw@api.sipgate.com/v2',
    'https://douglas@api.sipgate.com/v2',
    'http://douglas:s3cr3t-pw@127.0.0.1:8080/v2',
    'ftp://douglas:s3cr3t-pw@api.sipgate.com/v2',
    'https://douglas:s3cr3t-pw@/v2',
])
def test_validate_api_url_refuses_credentials_without_showing_them(api_url):
    with pytest.raises(SipgateError) as caught:
        validate_api_url(api_url)
    assert caught.value.kind == 'config'
    assert 's3cr3t-pw' not in caught.value.message
    assert 'douglas' not in caught.value.message


def test_client_refuses_a_bad_api_url_before_any_request():
    with pytest.raises(SipgateError) as caught:
        SipgateClient(api_url='http://api.sipgate.com/v2', timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, token_id=TOKEN_ID, token=TOKEN)
    assert caught.value.kind == 'config'
    assert TOKEN not in caught.value.message


@pytest.mark.parametrize('hostname, expected', [
    ('localhost', True),
    ('LOCALHOST', True),
    ('localhost.localdomain', True),
    ('api.localhost', False),
    ('127.0.0.1', True),
    ('127.255.255.254', True),
    ('::1', True),
    ('localhost.example.com', False),
    ('mylocalhost', False),
    ('10.0.0.1', False),
    ('0.0.0.0', False),
    ('::', False),
    ('api.sipgate.com', False),
])
def test_is_loopback_host(hostname, expected):
    assert is_loopback_host(hostname) is expected


# --- regressions: each of these once let a secret through, lost an SMS or crashed ----------------------------


@pytest.mark.parametrize('variable', ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
def test_validate_certs_false_wins_over_a_ca_bundle_variable(monkeypatch, variable):
    monkeypatch.setenv(variable, '/etc/ssl/certs/ca-certificates.crt')
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), validate_certs=False)
    client.userinfo()
    assert adapter.send_options[0]['verify'] is False


def test_a_token_crossing_the_shortening_cut_is_still_redacted():
    client, adapter, dummy = make_client(Answer(400, 'x' * 290 + TOKEN, {'Content-Type': 'text/plain'}))
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert TOKEN[:8] not in str(caught.value)
    assert '********' in str(caught.value)


def test_a_token_in_a_body_that_is_not_json_is_redacted():
    client, adapter, dummy = make_client(Answer(200, 'echo %s' % TOKEN, {'Content-Type': 'text/plain'}))
    with pytest.raises(SipgateError) as caught:
        client.get('/w0/sms')
    assert caught.value.kind == 'invalid_response'
    assert TOKEN not in str(caught.value)
    assert 'echo ********' in str(caught.value)


@pytest.mark.parametrize('status', [301, 302, 307, 308])
def test_a_redirected_post_is_an_error_and_not_followed(status):
    client, adapter, dummy = make_client(Answer(status, '', {'Location': 'https://api.sipgate.com/v2/login'}))
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert adapter.methods == ['POST']
    assert caught.value.status == status
    assert 'HTTP %d' % status in str(caught.value) and 'check api_url' in str(caught.value)
    assert caught.value.affects_every_request


@pytest.mark.parametrize('value', ['\u00b2', '\u0663', '\uff11'])
def test_parse_retry_after_ignores_non_ascii_digits(value):
    assert parse_retry_after(value, now=NOW) is None


def test_post_429_with_a_non_ascii_retry_after_backs_off_instead_of_crashing():
    client, adapter, waits = make_client(Answer(429, '', {'Retry-After': '\u00b2'}), no_content())
    assert client.post('/sessions/sms', SMS_BODY) == 204
    assert waits == [BASE_RETRY_WAIT]


@pytest.mark.parametrize('api_url', [
    'https:/user:s3cr3t-pw@api.sipgate.com/v2',
    'user:s3cr3t-pw@api.sipgate.com/v2',
    'https://api.sipgate.com/v2?access_token=s3cr3t-pw',
    'https://api.sipgate.com/v2#s3cr3t-pw',
])
def test_a_malformed_api_url_never_echoes_its_secret_part(api_url):
    with pytest.raises(SipgateError) as caught:
        validate_api_url(api_url)
    assert 's3cr3t-pw' not in str(caught.value)
    assert caught.value.kind == 'config'


# --- outcomes a client cannot know, and answers that are not the API's --------------------------------------------------


@pytest.mark.parametrize('failure', [read_timeout, dropped, reset], ids=['read_timeout', 'dropped', 'reset'])
@pytest.mark.parametrize('method', ['post', 'put', 'delete'])
def test_a_write_without_an_answer_may_have_been_carried_out(failure, method):
    client, adapter, dummy = make_client(failure, retries=2)
    arguments = ('/w0/sms/s0/callerids/1',) if method == 'delete' else ('/w0/sms/s0/callerids/1', {'defaultNumber': True})
    with pytest.raises(SipgateError) as caught:
        getattr(client, method)(*arguments)
    assert caught.value.may_have_been_accepted is True
    assert 'may have accepted it' in caught.value.message
    assert not caught.value.affects_every_request
    assert len(adapter.requests) == 1


@pytest.mark.parametrize('status', [500, 502, 503, 504])
def test_a_gateway_or_server_error_to_a_post_may_have_been_carried_out(status):
    error = _post_and_fail(json_answer(status, data={'message': 'upstream trouble'}))
    assert error.may_have_been_accepted is True
    assert error.message.startswith('Sending the SMS to %s failed with HTTP %d: ' % (RECIPIENT, status))
    assert 'The API may have accepted it; it is not sent again. The API said: upstream trouble' in error.message


@pytest.mark.parametrize('answer', [json_answer(400, 'error_400.json'), json_answer(401, 'error_401.json'),
                                    json_answer(402, 'error_402.json'), json_answer(403, 'error_403.json'),
                                    Answer(429, '', {'Retry-After': '99999'})],
                         ids=['400', '401', '402', '403', '429'])
def test_an_answer_that_refuses_a_post_is_certain(answer):
    error = _post_and_fail(answer)
    assert error.may_have_been_accepted is False
    assert 'may have accepted' not in error.message


@pytest.mark.parametrize('failure', [refused, dns_failure, connect_timeout, tls_failure])
def test_a_post_that_never_reached_the_api_is_certain(failure):
    client, dummy, dummy = make_client(failure, retries=0)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.may_have_been_accepted is False


@pytest.mark.parametrize('answer', [read_timeout, dropped, json_answer(500, data={}), json_answer(504, data={})])
def test_a_read_is_never_an_unknown_outcome(answer):
    client, dummy, dummy = make_client(answer, retries=0)
    with pytest.raises(SipgateError) as caught:
        client.get('/w0/sms')
    assert caught.value.may_have_been_accepted is False
    assert 'may have accepted' not in caught.value.message


def test_put_and_delete_send_json_and_return_the_status():
    client, adapter, dummy = make_client(no_content(), no_content())
    assert client.put('/w0/sms/s0', {'alias': 'Ops alerts'}) == 204
    assert client.delete('/w0/sms/s0/callerids/7') == 204
    assert adapter.calls == [('PUT', '/v2/w0/sms/s0'), ('DELETE', '/v2/w0/sms/s0/callerids/7')]
    assert json.loads(adapter.requests[0].body) == {'alias': 'Ops alerts'}
    assert adapter.requests[1].body is None


@pytest.mark.parametrize('api_url', ['http://127.0.0.1:99999/v2', 'https://api.sipgate.com:0/v2', 'http://localhost:65536/v2'])
def test_an_unusable_port_is_refused_before_any_request(api_url):
    with pytest.raises(SipgateError) as caught:
        validate_api_url(api_url)
    assert caught.value.kind == 'config'
    assert 'invalid port' in caught.value.message
    assert not caught.value.may_have_been_accepted


def test_an_unusable_url_found_by_requests_is_a_config_failure(monkeypatch):
    def invalid(request):
        raise requests.exceptions.InvalidURL('Failed to parse: http://127.0.0.1:8/v2/sessions/sms')
    client, adapter, dummy = make_client(invalid, retries=2)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.kind == 'config'
    assert caught.value.affects_every_request and not caught.value.may_have_been_accepted
    assert 'cannot be used' in caught.value.message and 'dropped' not in caught.value.message
    assert len(adapter.requests) == 1


@pytest.mark.parametrize('variable', ['http_proxy', 'HTTP_PROXY', 'all_proxy'])
def test_a_loopback_api_url_never_goes_through_a_proxy(monkeypatch, variable):
    monkeypatch.setenv(variable, 'http://proxy.example.com:3128')
    monkeypatch.delenv('no_proxy', raising=False)
    monkeypatch.delenv('NO_PROXY', raising=False)
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), api_url='http://127.0.0.1:8080/v2')
    client.userinfo()
    assert not [url for url in (adapter.send_options[0]['proxies'] or {}).values() if url]


def test_a_proxy_from_the_environment_is_used_for_https(monkeypatch):
    monkeypatch.setenv('https_proxy', 'http://proxy.example.com:3128')
    monkeypatch.delenv('no_proxy', raising=False)
    monkeypatch.delenv('NO_PROXY', raising=False)
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'))
    client.userinfo()
    assert adapter.send_options[0]['proxies'].get('https') == 'http://proxy.example.com:3128'


def test_the_basic_credentials_echoed_base64_encoded_are_redacted():
    echoed = 'Authorization: Basic %s' % base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode()).decode()
    error = _post_and_fail(Answer(400, echoed, {'Content-Type': 'text/plain'}))
    assert base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode()).decode() not in error.message
    assert 'Authorization: Basic ********' in error.message


def test_the_user_agent_names_the_collection_version():
    galaxy = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'galaxy.yml')
    with open(galaxy, encoding='utf-8') as handle:
        version = yaml.safe_load(handle)['version']
    assert USER_AGENT == 'sipgate.io-ansible-collection/%s' % version


# --- what a failed write leaves: refused, or unknown ------------------------------------------------------------------


@pytest.mark.parametrize('status', [408, 500, 502, 503, 504, 507, 508, 520, 524, 599])
def test_after_408_and_any_5xx_a_write_may_have_been_carried_out(status):
    assert outcome_unknown(status=status) is True
    error = _post_and_fail(Answer(status, 'upstream gave up', {'Content-Type': 'text/plain'}))
    assert error.may_have_been_accepted is True
    assert 'HTTP %d' % status in error.message and 'The API may have accepted it; it is not sent again.' in error.message


@pytest.mark.parametrize('status', [400, 401, 402, 403, 404, 405, 409, 415, 422])
def test_only_a_4xx_other_than_408_proves_a_write_was_refused(status):
    assert outcome_unknown(status=status) is False
    assert _post_and_fail(Answer(status, '', {})).may_have_been_accepted is False


@pytest.mark.parametrize('failure, unknown', [
    ('refused', False), ('dns', False), ('connect_timeout', False), ('tls', False),
    ('read_timeout', True), ('dropped', True), ('tls_broken', True),
])
def test_failures_after_the_request_was_written_leave_the_outcome_unknown(failure, unknown):
    assert outcome_unknown(failure=failure) is unknown


def test_a_tls_error_after_the_handshake_leaves_a_post_unknown_and_is_not_repeated():
    client, adapter, waits = make_client(tls_broken, no_content())
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    assert caught.value.kind == 'tls_broken' and caught.value.may_have_been_accepted is True
    assert caught.value.message == (
        "Sending the SMS to %s failed: the TLS connection to 'api.sipgate.com' broke after the request was sent: "
        "DECRYPTION_FAILED_OR_BAD_RECORD_MAC. The API may have accepted it; it is not sent again." % RECIPIENT)
    assert caught.value.affects_every_request is False
    assert adapter.methods == ['POST'] and waits == []


def test_a_failed_certificate_check_is_a_refusal_before_anything_was_sent():
    error = _post_and_fail(tls_failure)
    assert error.kind == 'tls' and error.may_have_been_accepted is False and error.affects_every_request


def test_a_get_is_repeated_after_a_tls_error_after_the_handshake():
    client, adapter, waits = make_client(tls_broken, json_answer(200, 'userinfo.json'))
    assert client.userinfo() == load_fixture('userinfo.json')
    assert adapter.methods == ['GET', 'GET']


# --- credentials with white space around them, or characters a header cannot carry -------------------------------


def test_a_bearer_token_with_a_trailing_line_break_is_sent_stripped():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), access_token=ACCESS_TOKEN + '\n')
    client.userinfo()
    assert adapter.requests[0].headers['Authorization'] == 'Bearer %s' % ACCESS_TOKEN


def test_basic_credentials_with_surrounding_white_space_are_sent_stripped():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'), token_id=' %s\t' % TOKEN_ID, token=TOKEN + '\r\n')
    client.userinfo()
    credentials = adapter.requests[0].headers['Authorization'].split(' ', 1)[1]
    assert base64.b64decode(credentials).decode('latin-1') == '%s:%s' % (TOKEN_ID, TOKEN)


@pytest.mark.parametrize('name, value, words', [
    ('access_token', ACCESS_TOKEN[:20] + '\n' + ACCESS_TOKEN[20:], 'a line break or another control character'),
    ('access_token', ACCESS_TOKEN + '\u00e4', 'a space or a character outside ASCII'),
    ('access_token', ACCESS_TOKEN[:20] + ' ' + ACCESS_TOKEN[20:], 'a space or a character outside ASCII'),
    ('token', TOKEN[:8] + '\x00' + TOKEN[8:], 'a line break or another control character'),
    ('token', TOKEN + '\u20ac', 'a character outside Latin-1'),
    ('token_id', 'token:%s' % TOKEN_ID, 'a colon'),
])
def test_a_credential_a_header_cannot_carry_is_refused_without_being_shown(name, value, words):
    problem = credential_problem(name, value)
    assert problem.startswith(name) and words in problem and 'it is not shown' in problem
    kwargs = {name: value}
    if name != 'access_token':
        kwargs.setdefault('token_id', TOKEN_ID)
        kwargs.setdefault('token', TOKEN)
    with pytest.raises(SipgateError) as caught:
        make_client(**kwargs)
    assert caught.value.kind == 'config'
    for part in (value, value.strip(), TOKEN, ACCESS_TOKEN):
        assert part not in caught.value.message


@pytest.mark.parametrize('name, value', [('token', 'p\xe4ss word'), ('token_id', 'douglas@example.com'), ('access_token', None)])
def test_credentials_a_header_can_carry_are_accepted(name, value):
    assert credential_problem(name, value) is None


def test_every_form_of_the_credentials_is_known_and_redacted():
    stripped = base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode()).decode()
    forms = credential_forms(TOKEN_ID, TOKEN + '\n')
    assert TOKEN in forms and TOKEN + '\n' in forms and stripped in forms
    client, dummy, dummy = make_client(Answer(400, 'you sent Basic %s' % stripped, {'Content-Type': 'text/plain'}),
                                       token=TOKEN + '\n', retries=0)
    assert set(client.secrets) == set(forms)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert stripped not in caught.value.message and 'you sent Basic ********' in caught.value.message


# --- one URL per API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize('api_url', [
    'https://api.sipgate.com/v2', 'https://api.sipgate.com/v2/', 'HTTPS://API.Sipgate.COM/v2', 'https://api.sipgate.com.:443/v2',
    'https://api.sipgate.com:443/v2', ' https://api.sipgate.com./v2/ ',
])
def test_every_spelling_of_one_api_url_is_one_canonical_url(api_url):
    assert canonical_api_url(api_url) == 'https://api.sipgate.com/v2'


@pytest.mark.parametrize('api_url, expected', [
    ('https://api.sipgate.com:8443/v2', 'https://api.sipgate.com:8443/v2'),
    ('http://127.0.0.1:80/v2', 'http://127.0.0.1/v2'),
    ('http://127.0.0.1:443/v2', 'http://127.0.0.1:443/v2'),
    ('http://[::1]:8080/v2', 'http://[::1]:8080/v2'),
    ('https://api.sipgate.com/V2', 'https://api.sipgate.com/V2'),
])
def test_other_apis_stay_apart(api_url, expected):
    assert canonical_api_url(api_url) == expected


# --- the deadline of a task -------------------------------------------------------------------------------------


class MonotonicClock(object):
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_deadline_shortens_the_timeout_and_no_request_starts_after_it():
    clock = MonotonicClock()
    client, adapter, waits = make_client(no_content(), no_content(), deadline=112.5, clock=clock)
    client.post('/sessions/sms', SMS_BODY)
    assert adapter.send_options[0]['timeout'] == 12.5
    clock.now = 112.5
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    assert caught.value.kind == 'deadline' and caught.value.may_have_been_accepted is False
    assert caught.value.affects_every_request
    assert str(caught.value) == 'Sending the SMS to %s was not started: the task ran out of time (its deadline passed).' % RECIPIENT
    assert len(adapter.requests) == 1


def test_no_retry_waits_beyond_the_deadline():
    clock = MonotonicClock()
    client, adapter, waits = make_client(json_answer(429, 'error_429.json', headers={'Retry-After': '20'}), no_content(),
                                         deadline=110.0, clock=clock)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.status == 429 and waits == [] and len(adapter.requests) == 1


def test_without_a_deadline_the_timeout_is_the_option():
    client, adapter, dummy = make_client(no_content(), timeout=7)
    client.post('/sessions/sms', SMS_BODY)
    assert adapter.send_options[0]['timeout'] == 7 and client.remaining() is None


# --- the API's clock ------------------------------------------------------------------------------------------


def test_the_api_clock_is_bounded_by_the_date_of_each_answer():
    clock = ApiClock()
    assert clock.earliest(1000.0) is None and not clock.known()
    # Sent at our 1000.0, answered at our 1000.4, dated 1300 by the API (its clock 5 minutes ahead).
    clock.observe(email.utils.formatdate(1300, usegmt=True), 1000.0, 1000.4)
    assert clock.earliest(2000.0) == pytest.approx(2299.6)
    assert clock.latest(2000.0) == pytest.approx(2301.0)
    # A later answer narrows it; one without a usable Date changes nothing.
    clock.observe(email.utils.formatdate(1310, usegmt=True), 1010.2, 1010.3)
    clock.observe('not a date', 0, 0)
    assert clock.earliest(2000.0) == pytest.approx(2299.7)
    assert clock.latest(2000.0) == pytest.approx(2300.8)


def test_the_client_learns_the_api_clock_from_its_answers():
    client, dummy, dummy = make_client(json_answer(200, 'userinfo.json', headers={'Date': 'Thu, 01 Jan 2026 09:00:00 GMT'}))
    client.userinfo()
    now = time.time()
    assert NOW - 1 <= client.api_clock.earliest(now) <= NOW + 1 <= client.api_clock.latest(now) + 1
