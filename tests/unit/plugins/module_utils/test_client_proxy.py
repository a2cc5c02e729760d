# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A proxy from the environment that gives no connection to the API is named in the error, not api_url alone; a CA
bundle from the environment is what requests verifies the API with.

The proxies are real sockets on 127.0.0.1 and requests really talks to them: the API host behind them is never
resolved or reached, as a proxy resolves it.
"""

from __future__ import annotations

import socket
import threading

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateClient, SipgateError
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, ReplayAdapter, json_answer, refused

API_URL = 'https://api.sipgate.com/v2'
PROXY_ADVICE = 'Check the proxy, or leave the API out of it with NO_PROXY.'


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    for name in ('HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy',
                 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(name, raising=False)


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    port = listener.getsockname()[1]
    listener.close()
    return port


class RefusingProxy(object):
    """A proxy on 127.0.0.1 that answers one CONNECT with ``status`` and records the request line."""

    def __init__(self, status):
        self.status = status
        self.request = b''
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(1)
        self.url = 'http://127.0.0.1:%d' % self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()

    def _serve(self):
        connection = self.listener.accept()[0]
        with connection:
            while b'\r\n\r\n' not in self.request:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                self.request += chunk
            connection.sendall(('HTTP/1.1 %s\r\nContent-Length: 0\r\n\r\n' % self.status).encode('ascii'))

    def close(self):
        self.thread.join(30)
        self.listener.close()


def client():
    return SipgateClient(API_URL, timeout=10, retries=0, token_id=TOKEN_ID, token=TOKEN, sleep=lambda seconds: None)


def test_a_dead_proxy_is_named_and_a_post_through_it_was_certainly_not_sent(monkeypatch):
    proxy = 'http://127.0.0.1:%d' % closed_port()
    monkeypatch.setenv('HTTPS_PROXY', proxy)
    with pytest.raises(SipgateError) as caught:
        client().post('/sessions/sms', {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'hi'}, action='Sending the SMS')
    assert str(caught.value) == (
        "Sending the SMS failed: no connection to '%s' through the proxy '%s' (from HTTPS_PROXY or ALL_PROXY): the proxy "
        "refused the connection. %s" % (API_URL, proxy, PROXY_ADVICE))
    # The request never left the proxy: no unknown outcome, safe to send again.
    assert caught.value.kind == 'refused'
    assert not caught.value.may_have_been_accepted


def test_a_proxy_that_refuses_the_tunnel_says_what_it_answered(monkeypatch):
    proxy = RefusingProxy('403 Forbidden')
    monkeypatch.setenv('https_proxy', proxy.url)
    try:
        with pytest.raises(SipgateError) as caught:
            client().post('/sessions/sms', {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'hi'}, action='Sending the SMS')
    finally:
        proxy.close()
    assert proxy.request.startswith(b'CONNECT api.sipgate.com:443 ')
    assert str(caught.value) == (
        "Sending the SMS failed: no connection to '%s' through the proxy '%s' (from HTTPS_PROXY or ALL_PROXY): the proxy "
        "answered 403 Forbidden to the request for a tunnel. %s" % (API_URL, proxy.url, PROXY_ADVICE))
    assert not caught.value.may_have_been_accepted


def test_the_user_info_of_the_proxy_url_is_never_shown(monkeypatch):
    port = closed_port()
    monkeypatch.setenv('ALL_PROXY', 'http://proxyuser:proxy-secret-1234@127.0.0.1:%d' % port)
    with pytest.raises(SipgateError) as caught:
        client().get('/balance', action='Reading the balance')
    message = str(caught.value)
    assert "through the proxy 'http://127.0.0.1:%d'" % port in message
    assert 'proxy-secret-1234' not in message and 'proxyuser' not in message


def test_without_a_proxy_or_with_the_api_in_no_proxy_the_message_names_api_url(monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://127.0.0.1:%d' % closed_port())
    monkeypatch.setenv('NO_PROXY', 'api.sipgate.com')
    sipgate = client()
    sipgate.session.mount('https://', ReplayAdapter(refused))
    with pytest.raises(SipgateError) as caught:
        sipgate.get('/balance', action='Reading the balance')
    assert str(caught.value) == ("Reading the balance failed: connection to '%s' refused. Check api_url and that the API is "
                                 "reachable." % API_URL)


def test_a_loopback_api_url_never_goes_through_the_proxy(monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', 'http://127.0.0.1:%d' % closed_port())
    api_url = 'http://127.0.0.1:%d/v2' % closed_port()
    sipgate = SipgateClient(api_url, timeout=10, retries=0, token_id=TOKEN_ID, token=TOKEN, sleep=lambda seconds: None)
    with pytest.raises(SipgateError) as caught:
        sipgate.get('/balance', action='Reading the balance')
    assert str(caught.value) == "Reading the balance failed: connection to '%s' refused. Check api_url and that the API is reachable." % api_url


def test_requests_ca_bundle_is_the_ca_the_api_is_verified_with(monkeypatch, tmp_path):
    bundle = tmp_path / 'private-ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(bundle))
    sipgate = client()
    adapter = ReplayAdapter(json_answer(200, data={'amount': 123400, 'currency': 'EUR'}))
    sipgate.session.mount('https://', adapter)
    sipgate.get('/balance', action='Reading the balance')
    assert adapter.send_options[0]['verify'] == str(bundle)


def test_validate_certs_false_is_not_overridden_by_a_ca_bundle(monkeypatch, tmp_path):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(tmp_path / 'private-ca.pem'))
    sipgate = SipgateClient(API_URL, timeout=10, retries=0, token_id=TOKEN_ID, token=TOKEN, validate_certs=False)
    adapter = ReplayAdapter(json_answer(200, data={'amount': 123400, 'currency': 'EUR'}))
    sipgate.session.mount('https://', adapter)
    sipgate.get('/balance', action='Reading the balance')
    assert adapter.send_options[0]['verify'] is False
