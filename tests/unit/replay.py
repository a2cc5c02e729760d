# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Replaying recorded sipgate API answers at the requests boundary, shared by the unit tests.

Answers are real ``requests.Response`` objects built on an unread urllib3 ``HTTPResponse``, as
``requests.adapters.HTTPAdapter.build_response`` builds them; connection failures are raised the way requests 2.x
on urllib3 2.x raises them. Nothing of the collection is mocked.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import socket
import ssl
import threading

from http import HTTPStatus
from urllib.parse import urlsplit

import requests

from requests.adapters import BaseAdapter, HTTPAdapter
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

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    patch_module_args = None

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')

# The credentials the recorded answers were made with.
TOKEN_ID = 'token-6DSA7A'
TOKEN = 'b03b4d88-640d-49ba-be33-dc8adb97e5e0'


# --- recorded answers ----------------------------------------------------------------------------------------------


def fixture_bytes(name):
    with open(os.path.join(FIXTURES, name), 'rb') as handle:
        return handle.read()


def load_fixture(name):
    return json.loads(fixture_bytes(name).decode('utf-8'))


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


def status_reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return 'Unknown'


def build_response(request, answer, connection):
    """Like requests.adapters.HTTPAdapter.build_response, from a urllib3 response that has not been read yet."""
    raw = HTTPResponse(body=io.BytesIO(answer.body), headers=answer.headers, status=answer.status,
                       reason=status_reason(answer.status), preload_content=False, decode_content=False,
                       request_method=request.method, request_url=request.url)
    response = requests.Response()
    response.status_code = answer.status
    response.headers = CaseInsensitiveDict(answer.headers)
    response.encoding = get_encoding_from_headers(response.headers)
    response.raw = raw
    response.reason = raw.reason
    response.url = request.url
    response.request = request
    response.connection = connection
    return response


# --- replaying them --------------------------------------------------------------------------------------------------


class Replay(object):
    """Answers requests in order from ``answers`` and records every PreparedRequest it got, and the options it was sent with.

    An answer is an Answer, or a callable that takes the PreparedRequest and raises a requests exception or returns
    the Answer (it may wait for other requests first: requests from several threads are answered at the same time).
    ``by_path`` answers requests to those paths (such as ``/v2/w0/sms``) whatever their order; ``default`` answers
    any other request once ``answers`` is used up. Without them, an unexpected request fails the test.
    """

    def __init__(self, *answers, by_path=None, default=None):
        self.answers = list(answers)
        self.by_path = dict(by_path or {})
        self.default = default
        self.requests = []
        self.send_options = []
        # The transport adapter each request went through: one per requests Session.
        self.adapters = []
        self._lock = threading.Lock()

    def next_answer(self, request):
        if request.path_url in self.by_path:
            return self.by_path[request.path_url]
        if self.answers:
            return self.answers.pop(0)
        if self.default is not None:
            return self.default
        raise AssertionError('unexpected request %s %s: no recorded answer left' % (request.method, request.url))

    def respond(self, request, connection, **send_options):
        with self._lock:
            self.requests.append(request)
            self.send_options.append(send_options)
            self.adapters.append(connection)
            answer = self.next_answer(request)
        if callable(answer):
            answer = answer(request)
            if not isinstance(answer, Answer):
                raise AssertionError('answer builder returned %r: it must raise or return an Answer' % (answer,))
        return build_response(request, answer, connection)

    @property
    def methods(self):
        return [request.method for request in self.requests]

    @property
    def calls(self):
        return [(request.method, request.path_url) for request in self.requests]

    @property
    def posts(self):
        return [json.loads(request.body.decode('utf-8')) for request in self.requests if request.method == 'POST']


def by_recipient(answers):
    """An answer (for ``default``) to each POST by the recipient in its body: ``answers`` maps it to a list, used in turn."""
    left = dict((recipient, list(items)) for recipient, items in answers.items())
    lock = threading.Lock()

    def answer(request):
        recipient = json.loads(request.body.decode('utf-8'))['recipient']
        with lock:
            if not left.get(recipient):
                raise AssertionError('unexpected request for %s: no recorded answer left' % recipient)
            item = left[recipient].pop(0)
        return item(request) if callable(item) else item
    return answer


def answered_together(parties, answer=None, timeout=10):
    """An answer (for ``default``) given to ``parties`` requests at a time, once they are all in flight; 204 by default.

    A test with it fails (threading.BrokenBarrierError) after ``timeout`` seconds unless the requests run at once.
    """
    barrier = threading.Barrier(parties, timeout=timeout)

    def together(request):
        barrier.wait()
        return answer or no_content()
    return together


class ReplayAdapter(Replay, BaseAdapter):
    """A requests transport adapter to mount on a session: a Replay that also records the send options."""

    def __init__(self, *answers, **kwargs):
        BaseAdapter.__init__(self)
        Replay.__init__(self, *answers, **kwargs)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        return self.respond(request, self, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)

    def close(self):
        pass


def replay_all_http(monkeypatch, replay):
    """Make requests' HTTPAdapter.send answer from ``replay`` (for sessions a test cannot reach) and unset every SIPGATE_* variable."""
    def send(adapter, request, **kwargs):
        return replay.respond(request, adapter, **kwargs)

    monkeypatch.setattr(HTTPAdapter, 'send', send)
    for variable in list(os.environ):
        if variable.startswith('SIPGATE_'):
            monkeypatch.delenv(variable)
    return replay


@contextlib.contextmanager
def module_args(args, monkeypatch):
    """Let a module's main() read ``args`` as its task arguments."""
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
    else:
        monkeypatch.setattr(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8'))
        monkeypatch.setattr(basic, '_ANSIBLE_PROFILE', 'legacy', raising=False)
        yield


# --- connection failures, raised the way requests 2.x on urllib3 2.x raises them ------------------------------------


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


def replayed_client(retries=0, sleep=lambda seconds: None):
    """A real SipgateClient with the test credentials against the default API URL, whose requests the replay answers."""
    from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient
    from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_TIMEOUT
    return SipgateClient(api_url='https://api.sipgate.com/v2', timeout=DEFAULT_TIMEOUT, retries=retries,
                         token_id=TOKEN_ID, token=TOKEN, sleep=sleep)
