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
import http.client
import io
import json
import os
import socket
import ssl

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import requests

from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError as Urllib3HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError as Urllib3SSLError,
)
from urllib3.response import HTTPResponse

from ansible_collections.sipgate.io.plugins.module_utils.api import (
    BASE_RETRY_WAIT,
    MAX_QUOTED_BODY,
    MAX_RETRY_WAIT,
    SipgateClient,
    SipgateError,
    api_error_text,
    describe_http_error,
    is_loopback_host,
    may_retry,
    parse_retry_after,
    retry_wait,
    validate_api_url,
)

FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures')

API_URL = 'https://api.sipgate.com/v2'
TOKEN_ID = 'token-6DSA7A'
TOKEN = 'b03b4d88-640d-49ba-be33-dc8adb97e5e0'
ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2lnbmF0dXJlLW9mLXRoZS1hY2Nlc3MtdG9rZW4'
RECIPIENT = '+4915799912345'
SMS_BODY = {'smsId': 's0', 'recipient': RECIPIENT, 'message': 'Deployment of app 1.2.3 finished.'}


def fixture_bytes(name):
    with open(os.path.join(FIXTURES, name), 'rb') as handle:
        return handle.read()


def load_fixture(name):
    return json.loads(fixture_bytes(name).decode('utf-8'))


# --- the replay transport ---------------------------------------------------------------------------------


class Answer(object):
    """One recorded HTTP answer."""

    def __init__(self, status, body=b'', headers=None):
        self.status = status
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        self.headers = dict(headers or {})


def json_answer(status, fixture=None, data=None, headers=None):
    body = fixture_bytes(fixture) if fixture else json.dumps(data).encode('utf-8')
    return Answer(status, body, dict({'Content-Type': 'application/json;charset=UTF-8'}, **(headers or {})))


def no_content():
    return Answer(204)


class ReplayAdapter(BaseAdapter):
    """A requests transport adapter that replays answers in order and records what it was sent.

    An answer is an Answer, or a callable that takes the PreparedRequest and raises a requests exception.
    """

    def __init__(self, *answers):
        super(ReplayAdapter, self).__init__()
        self.answers = list(answers)
        self.requests = []
        self.send_options = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.requests.append(request)
        self.send_options.append(dict(stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies))
        if not self.answers:
            raise AssertionError('unexpected request %s %s: no recorded answer left' % (request.method, request.url))
        answer = self.answers.pop(0)
        if callable(answer):
            answer(request)
            raise AssertionError('failure builder %r did not raise' % (answer,))
        return self._build_response(request, answer)

    def _build_response(self, request, answer):
        # Like requests.adapters.HTTPAdapter.build_response, from a urllib3 response that has not been read yet.
        raw = HTTPResponse(body=io.BytesIO(answer.body), headers=answer.headers, status=answer.status,
                           reason=_reason(answer.status), preload_content=False, decode_content=False,
                           request_method=request.method, request_url=request.url)
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(answer.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = raw
        response.reason = raw.reason
        response.url = request.url
        response.request = request
        response.connection = self
        return response

    def close(self):
        pass

    @property
    def methods(self):
        return [request.method for request in self.requests]


def _reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return 'Unknown'


def make_client(*answers, **kwargs):
    """A real SipgateClient whose session talks to a ReplayAdapter; waits are recorded, not slept."""
    waits = []
    kwargs.setdefault('api_url', API_URL)
    if 'access_token' not in kwargs:
        kwargs.setdefault('token_id', TOKEN_ID)
        kwargs.setdefault('token', TOKEN)
    client = SipgateClient(sleep=waits.append, **kwargs)
    adapter = ReplayAdapter(*answers)
    client.session.mount('https://', adapter)
    client.session.mount('http://', adapter)
    return client, adapter, waits


# --- connection failures, raised the way requests 2.x on urllib3 2.x raises them ----------------------------


def _pool_and_connection(request):
    parts = urlsplit(request.url)
    https = parts.scheme == 'https'
    port = parts.port or (443 if https else 80)
    pool = (HTTPSConnectionPool if https else HTTPConnectionPool)(parts.hostname, port)
    # Creating a connection object does not connect.
    return pool, pool.ConnectionCls(parts.hostname, port), parts.hostname


def _raise_chain(error, cause, explicit=True):
    """``raise error from cause`` (or just ``raise error`` while handling cause), as urllib3 does."""
    try:
        raise cause
    except OSError as caught:
        if not explicit:
            raise error
        raise error from caught


def _raise_max_retry(request, reason, requests_exception):
    # urllib3 wraps a connection failure in MaxRetryError; requests.adapters.HTTPAdapter.send maps that.
    pool, dummy, dummy = _pool_and_connection(request)
    try:
        try:
            raise reason
        except Urllib3HTTPError as caught:
            raise MaxRetryError(pool, request.path_url, reason=caught) from caught
    except MaxRetryError as error:
        raise requests_exception(error, request=request)


def _build_reason(request, kind):
    pool, connection, host = _pool_and_connection(request)
    try:
        if kind == 'refused':
            _raise_chain(NewConnectionError(connection, 'Failed to establish a new connection: [Errno 111] Connection refused'),
                         ConnectionRefusedError(111, 'Connection refused'))
        if kind == 'dns':
            gaierror = socket.gaierror(-2, 'Name or service not known')
            _raise_chain(NameResolutionError(host, connection, gaierror), gaierror)
        if kind == 'connect_timeout':
            _raise_chain(ConnectTimeoutError(connection, 'Connection to %s timed out. (connect timeout=30.0)' % host),
                         TimeoutError('timed out'))
        if kind == 'tls':
            verify_error = ssl.SSLCertVerificationError(
                1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)')
            verify_error.reason = 'CERTIFICATE_VERIFY_FAILED'
            verify_error.verify_message = 'self-signed certificate'
            verify_error.verify_code = 18
            _raise_chain(Urllib3SSLError(verify_error), verify_error, explicit=False)
        if kind == 'read_timeout':
            _raise_chain(ReadTimeoutError(pool, request.url, 'Read timed out. (read timeout=30.0)'), TimeoutError('The read operation timed out'))
    except Urllib3HTTPError as error:
        return error
    raise AssertionError('unknown failure kind %s' % kind)


def refused(request):
    _raise_max_retry(request, _build_reason(request, 'refused'), requests.exceptions.ConnectionError)


def dns_failure(request):
    _raise_max_retry(request, _build_reason(request, 'dns'), requests.exceptions.ConnectionError)


def connect_timeout(request):
    _raise_max_retry(request, _build_reason(request, 'connect_timeout'), requests.exceptions.ConnectTimeout)


def tls_failure(request):
    _raise_max_retry(request, _build_reason(request, 'tls'), requests.exceptions.SSLError)


def read_timeout(request):
    # urllib3 raises ReadTimeoutError itself (no MaxRetryError); requests maps it to ReadTimeout.
    error = _build_reason(request, 'read_timeout')
    try:
        raise error
    except ReadTimeoutError as caught:
        raise requests.exceptions.ReadTimeout(caught, request=request)


def _dropped_with(os_error):
    def dropped(request):
        # urllib3: ProtocolError('Connection aborted.', err), re-raised by Retry(read=False); requests wraps it.
        try:
            try:
                raise os_error
            except (OSError, http.client.HTTPException) as caught:
                raise ProtocolError('Connection aborted.', caught)
        except ProtocolError as error:
            raise requests.exceptions.ConnectionError(error, request=request)
    return dropped


dropped = _dropped_with(http.client.RemoteDisconnected('Remote end closed connection without response'))
reset = _dropped_with(ConnectionResetError(104, 'Connection reset by peer'))

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
    ('POST', 429, 1, 2, True),
    ('POST', 503, 1, 2, True),
    ('POST', 503, 2, 2, True),
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
    assert client.requests_sent == 2


def test_post_503_is_sent_again_after_the_backoff():
    client, adapter, waits = make_client(json_answer(503, 'error_503.json'), no_content())
    assert client.post('/sessions/sms', SMS_BODY) == 204
    assert adapter.methods == ['POST', 'POST']
    assert waits == [BASE_RETRY_WAIT]


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
        client.post('/sessions/sms', SMS_BODY, action='Sending the SMS to %s' % RECIPIENT)
    error = caught.value
    assert error.kind == 'read_timeout'
    assert error.status is None
    assert error.may_have_been_accepted
    assert 'not sent again' in error.message
    assert 'duplicate SMS' in error.message
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
    answers = [json_answer(503, 'error_503.json') for dummy in range(retries + 2)]
    client, adapter, waits = make_client(*answers, retries=retries)
    with pytest.raises(SipgateError) as caught:
        client.post('/sessions/sms', SMS_BODY)
    assert caught.value.status == 503
    assert 'HTTP 503' in caught.value.message
    assert len(adapter.requests) == 1 + retries
    assert waits == [BASE_RETRY_WAIT * 2 ** n for n in range(retries)]
    assert client.requests_sent == 1 + retries


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
    error = _post_and_fail(json_answer(500, data={'message': detail}))
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


def test_timeout_and_certificate_validation_reach_the_transport():
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
    assert client.requests_sent == 5


def test_client_as_context_manager_closes_the_session():
    client, adapter, dummy = make_client(json_answer(200, 'userinfo.json'))
    closed = []
    adapter.close = lambda: closed.append(True)
    with client as entered:
        assert entered is client
        entered.userinfo()
    # The adapter is mounted for https:// and http://; closing the session closes both mounts.
    assert closed and all(closed)


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


def test_post_success_needs_no_body():
    client, adapter, dummy = make_client(Answer(200, '<html>accepted</html>', {'Content-Type': 'text/html'}))
    assert client.post('/sessions/sms', SMS_BODY) == 200


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
        SipgateClient(api_url='http://api.sipgate.com/v2', token_id=TOKEN_ID, token=TOKEN)
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
