# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The one HTTP client of the collection: auth, error mapping and retries for the sipgate REST API v2.

Nothing here imports Ansible, so modules and the callback plugin share it.
Every message this module builds is safe to show: it never contains a credential.
"""

from __future__ import annotations

import base64
import copy
import datetime
import email.utils
import ipaddress
import json
import re
import time

from urllib.parse import parse_qsl, urlsplit

from ansible_collections.sipgate.io.plugins.module_utils._text import one_line, redact

try:
    import requests
    HAS_REQUESTS = True
except ImportError:
    requests = None
    HAS_REQUESTS = False


DEFAULT_API_URL = 'https://api.sipgate.com/v2'
# Longest Retry-After the client waits for; a longer one means "not now" and is reported instead.
MAX_RETRY_WAIT = 30.0
# First back-off when the API sent no Retry-After; doubles on each attempt.
BASE_RETRY_WAIT = 0.5
USER_AGENT = 'sipgate.io-ansible-collection/1.1.0'
# Per-request proxies that switch off the ones from http_proxy, https_proxy and all_proxy.
NO_PROXIES = {'http': None, 'https': None, 'all': None}


def not_sent_again(why=None):
    """What is said of a write whose outcome is unknown; ``why`` tells what a repeat would do."""
    return 'The API may have accepted it; it is not sent again%s.' % (', ' + why if why else '')


# Said of a write whose outcome is unknown; callers may say more about what a repeat would do.
MAY_HAVE_BEEN_ACCEPTED = not_sent_again()

# Failures where the request never reached the API, so even a POST is safe to repeat.
NOT_CONNECTED_FAILURES = frozenset(['refused', 'dns', 'connect_timeout'])
# Answers that mean the API did not process a write (POST, PUT, DELETE): it is safe to send it again. Only 429: a 503
# can come from a proxy in front of the API after the API processed the request, so it is an unknown outcome instead.
POST_RETRY_STATUSES = frozenset([429])
# Failures where a GET may be repeated: it changes nothing on the server.
GET_RETRY_FAILURES = frozenset(['read_timeout', 'dropped'])
# After these, a write (POST, PUT, DELETE) may or may not have been carried out: the request reached the API, but
# no answer came back (timeout, dropped connection), or a gateway or server error came back after the API had it.
UNKNOWN_OUTCOME_FAILURES = frozenset(['read_timeout', 'dropped'])
UNKNOWN_OUTCOME_STATUSES = frozenset([500, 502, 503, 504])

# Failures that do not depend on the recipient: after one of them, the other recipients are not tried.
ACCOUNT_WIDE_FAILURES = frozenset(['refused', 'dns', 'connect_timeout', 'tls', 'config', 'not_api'])
ACCOUNT_WIDE_STATUSES = frozenset([401, 402, 403, 404, 405, 415])

HTTP_STATUS_HINTS = {
    400: 'bad request: the API rejected a field (an empty or whitespace-only text, an invalid recipient or sendAt)',
    401: 'authentication failed: wrong token_id/token (or username/password), or an expired access_token',
    402: 'insufficient account balance: top up the sipgate account',
    403: ('no permission: Web SMS is not booked for the account, the SMS extension (sms_id) does not exist, '
          'or the token lacks the scope sessions:sms:write'),
    404: 'not found: check api_url (it should end in /v2) and the user id',
    405: 'method not allowed: check api_url',
    415: 'unsupported media type: the API expects Content-Type application/json',
    429: 'too many requests: the API rate limit was hit',
    500: 'sipgate API server error (or a request the API could not handle)',
    502: 'bad gateway: sipgate API temporarily unavailable',
    503: 'service unavailable: sipgate API temporarily unavailable',
    504: 'gateway timeout: sipgate API temporarily unavailable',
}

RETRY_AFTER_SECONDS = re.compile(r'[0-9]+')
# Text of the resolver errors that urllib3 wraps in a plain NewConnectionError on some versions.
DNS_FAILURE_TEXTS = ('Name or service not known', 'Temporary failure in name resolution', 'nodename nor servname',
                     'Failed to resolve', 'No address associated with hostname')
# How much of an API error body to quote; enough for a JSON message, short enough for a task result.
MAX_QUOTED_BODY = 300


class SipgateError(Exception):
    """A request to the sipgate API failed.

    ``kind`` tells why: ``http`` (the API answered with an error status), ``refused``, ``dns``,
    ``connect_timeout``, ``read_timeout``, ``tls``, ``dropped``, ``invalid_response``, ``not_api`` (a success
    answer that did not come from the API) or ``config``. ``may_have_been_accepted`` is true for a write the API
    may have carried out although it failed here: its outcome is unknown.
    """

    def __init__(self, message, kind='http', status=None, api_message=None, may_have_been_accepted=False, retry_after=None):
        super(SipgateError, self).__init__(message)
        self.message = message
        self.kind = kind
        self.status = status
        self.api_message = api_message
        self.may_have_been_accepted = may_have_been_accepted
        # Seconds the API asked to wait (its Retry-After header) before the next request, or None.
        self.retry_after = retry_after

    def __str__(self):
        return self.message

    @property
    def affects_every_request(self):
        """True when the same request to another recipient would fail the same way (credentials, balance, URL)."""
        redirected = self.status is not None and 300 <= self.status < 400
        return self.kind in ACCOUNT_WIDE_FAILURES or self.status in ACCOUNT_WIDE_STATUSES or redirected


def validate_api_url(api_url):
    """Return ``api_url`` without a trailing slash, or raise SipgateError (kind ``config``) when it is unusable."""
    if not api_url or not api_url.strip():
        raise SipgateError('api_url must not be empty.', kind='config')
    api_url = api_url.strip()
    shown = shown_url(api_url)
    parts = urlsplit(api_url)
    if '@' in api_url.split('?', 1)[0].split('#', 1)[0]:
        raise SipgateError("api_url '%s' must not contain credentials; use token_id and token instead." % shown, kind='config')
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise SipgateError("api_url '%s' is not an http(s) URL such as %s." % (shown, DEFAULT_API_URL), kind='config')
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise SipgateError("api_url '%s' has an invalid port; ports are 1 to 65535." % shown, kind='config')
    if parts.query or parts.fragment:
        raise SipgateError("api_url '%s' must not have a query or fragment." % shown, kind='config')
    if parts.scheme == 'http' and not is_loopback_host(parts.hostname):
        raise SipgateError(
            "api_url '%s' uses plain http to a host that is not loopback; credentials would travel in clear text. "
            "Use https." % shown, kind='config')
    return api_url.rstrip('/')


def url_secrets(url):
    """The parts of ``url`` that may be secrets: the password and user of its user info, and its query values."""
    parts = urlsplit(url or '')
    secrets = [parts.password, parts.username] + [value for dummy, value in parse_qsl(parts.query)]
    return [secret for secret in secrets if secret]


def shown_url(url):
    """``url`` fit for a message: without user info, query and fragment, which may hold secrets."""
    url = url.split('?', 1)[0].split('#', 1)[0]
    if '@' in url:
        url = '***@' + url.rsplit('@', 1)[1]
    return url


def is_loopback_host(hostname):
    """True for ``localhost`` and loopback IP addresses, the only hosts that may be reached over plain http."""
    # Only names that cannot resolve elsewhere: a *.localhost name is up to the resolver.
    if hostname.lower() in ('localhost', 'localhost.localdomain'):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def may_retry(method, attempt, retries, status=None, failure=None):
    """Decide whether a failed attempt (1-based ``attempt``) is tried again.

    A POST sends an SMS: it is repeated only when the API cannot have accepted it (no connection, or HTTP 429),
    because a duplicate SMS is worse than a failed task; after any 5xx answer its outcome is unknown. The same holds
    for every write. A GET changes nothing and may be repeated after any transient failure.
    """
    if attempt > retries:
        return False
    if failure in NOT_CONNECTED_FAILURES:
        return True
    if method.upper() == 'GET':
        return failure in GET_RETRY_FAILURES or status == 429 or (status is not None and status >= 500)
    return failure is None and status in POST_RETRY_STATUSES


def retry_wait(attempt, retry_after=None, now=None):
    """Seconds to wait before the next attempt, or None when the API asks for longer than MAX_RETRY_WAIT.

    ``retry_after`` is the raw Retry-After header: delta seconds or an HTTP date.
    """
    if retry_after is not None:
        wait = parse_retry_after(retry_after, now=now)
        if wait is not None:
            return wait if wait <= MAX_RETRY_WAIT else None
    return min(BASE_RETRY_WAIT * (2 ** (attempt - 1)), MAX_RETRY_WAIT)


def parse_retry_after(value, now=None):
    """Seconds from a Retry-After header value, or None when it is not understood."""
    value = str(value).strip()
    if RETRY_AFTER_SECONDS.fullmatch(value):
        return float(value)
    when = http_date(value)
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when - now)


def http_date(value):
    """Unix seconds of an HTTP date (a Date header), or None when there is none or it is not understood."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    # "-0000" (no zone information) still means GMT in a Date header.
    return (when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)).timestamp()


def api_error_text(body, content_type=''):
    """The human-readable part of an API error body, shortened; empty when there is none."""
    if not body:
        return ''
    if isinstance(body, bytes):
        body = body.decode('utf-8', 'replace')
    text = body.strip()
    if 'json' in (content_type or '') or text.startswith(('{', '[')):
        try:
            text = _message_from_json(json.loads(text)) or text
        except ValueError:
            pass
    elif 'html' in (content_type or '') or text.lower().startswith(('<!doctype', '<html')):
        # An HTML error page from a proxy says nothing useful and floods the task output.
        return ''
    return one_line(text, limit=MAX_QUOTED_BODY + len('...'))


def _message_from_json(data):
    if isinstance(data, dict):
        errors = data.get('errors')
        if isinstance(errors, list) and errors:
            parts = [_message_from_json(error) for error in errors]
            return '; '.join(part for part in parts if part)
        for key in ('message', 'detail', 'title', 'error_description', 'error'):
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()
    return ''


def describe_http_error(status, api_message='', action='Request', hints=None, unknown=None):
    """One clear sentence for an HTTP error answer, with the status code and the API's own text.

    ``unknown`` is what to say when the API may have carried the request out (a gateway or server error to a write).
    """
    hint = (hints or {}).get(status) or HTTP_STATUS_HINTS.get(status)
    if hint is None and status < 400:
        hint = 'the request was redirected, which the sipgate API never does: check api_url'
    elif hint is None:
        hint = 'sipgate API server error' if status >= 500 else 'unexpected answer from the sipgate API'
    message = '%s failed with HTTP %d: %s.' % (action, status, hint)
    if unknown:
        message += ' ' + unknown
    if api_message:
        message += ' The API said: %s' % api_message
    return message


def _failure_kind(exc):
    """Map a requests exception to a failure kind; decides both the message and whether to retry."""
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema)):
        return 'config'
    if isinstance(exc, requests.exceptions.SSLError):
        return 'tls'
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'connect_timeout'
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return 'read_timeout'
    if isinstance(exc, requests.exceptions.ConnectionError):
        chain = _exception_chain(exc)
        names = ' '.join(type(error).__name__ for error in chain)
        text = ' '.join(str(error) for error in chain)
        if 'NameResolutionError' in names or 'gaierror' in names or any(failure in text for failure in DNS_FAILURE_TEXTS):
            return 'dns'
        if 'NewConnectionError' in names or 'ConnectionRefusedError' in names or 'refused' in text.lower():
            return 'refused'
        return 'dropped'
    return 'dropped'


def _exception_chain(exc):
    chain, seen = [], set()
    pending = [exc]
    while pending:
        error = pending.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        chain.append(error)
        linked = [error.__cause__, error.__context__, getattr(error, 'reason', None)] + list(getattr(error, 'args', ()))
        pending.extend(link for link in linked if isinstance(link, BaseException))
    return chain


if HAS_REQUESTS:
    class _BearerAuth(requests.auth.AuthBase):
        def __init__(self, access_token):
            self.access_token = access_token

        def __call__(self, request):
            request.headers['Authorization'] = 'Bearer %s' % self.access_token
            return request


class SipgateClient(object):
    """A sipgate REST API v2 client with one keep-alive connection for all its requests.

    Give it either ``token_id`` and ``token`` (HTTP Basic: a personal access token or the legacy
    account login) or ``access_token`` (OAuth2 bearer).
    """

    def __init__(self, api_url, timeout, retries, token_id=None, token=None, access_token=None, validate_certs=True,
                 sleep=time.sleep):
        if not HAS_REQUESTS:
            raise SipgateError('The Python library requests is required to talk to the sipgate API.', kind='config')
        self.api_url = validate_api_url(api_url)
        self.host = urlsplit(self.api_url).netloc
        self.timeout = timeout
        self.retries = retries
        self._sleep = sleep
        # The API's clock: Unix seconds of the Date header of its latest answer, None before the first one.
        self.server_time = None
        self._secrets = [secret for secret in (token, access_token) if secret]
        if token:
            # An API that echoes the Authorization header back would show the credentials Base64-encoded.
            self._secrets.append(base64.b64encode(('%s:%s' % (token_id or '', token)).encode('utf-8')).decode('ascii'))
        # Plain http is only allowed to loopback; a proxy from http_proxy would receive the credentials in clear text.
        self._proxies = NO_PROXIES if is_loopback_host(urlsplit(self.api_url).hostname) else None
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': USER_AGENT})
        # Always setting session.auth also keeps requests from taking credentials out of a ~/.netrc.
        if access_token:
            self.session.auth = _BearerAuth(access_token)
        else:
            self.session.auth = (token_id or '', token or '')

    def sibling(self, sleep=None, session=None):
        """A client with the same settings, for another thread: a requests Session is not documented as thread-safe.

        It has a Session (and so connections) of its own, or ``session``, such as this client's while this one is not
        used. It waits with ``sleep`` before a retry (by default as this client does). Close it after use, unless it
        was given ``session``.
        """
        other = copy.copy(self)
        other._sleep = sleep or self._sleep
        if session is None:
            session = requests.Session()
            session.verify, session.auth, session.headers = self.session.verify, self.session.auth, self.session.headers.copy()
        other.session = session
        return other

    def sleep(self, seconds):
        """Wait the way this client waits before a retry."""
        self._sleep(seconds)

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def get(self, path, action='Request', hints=None):
        """GET ``path`` (relative to api_url) and return the decoded JSON body."""
        response = self._request('GET', path, action=action, hints=hints)
        return self._json(response, action)

    def post(self, path, body, action='Request', hints=None, unknown_note=MAY_HAVE_BEEN_ACCEPTED):
        """POST ``body`` as JSON and return the HTTP status of the successful answer.

        ``unknown_note`` is what an error says when the API may have carried the POST out.
        """
        return self._request('POST', path, body=body, action=action, hints=hints, unknown_note=unknown_note).status_code

    def put(self, path, body, action='Request', hints=None):
        """PUT ``body`` as JSON and return the HTTP status of the successful answer."""
        return self._request('PUT', path, body=body, action=action, hints=hints).status_code

    def delete(self, path, action='Request', hints=None):
        """DELETE ``path`` and return the HTTP status of the successful answer."""
        return self._request('DELETE', path, action=action, hints=hints).status_code

    def userinfo(self):
        """The authenticated user (``sub`` is the user id such as ``w0``); also checks the credentials."""
        return self.get('/authorization/userinfo', action='Checking the credentials')

    def _request(self, method, path, body=None, action='Request', hints=None, unknown_note=MAY_HAVE_BEEN_ACCEPTED):
        url = self.api_url + path
        writes = method != 'GET'
        attempt = 0
        while True:
            attempt += 1
            try:
                # No redirects: requests would repeat a redirected POST as a GET and report success without an SMS.
                # verify is passed per request, or REQUESTS_CA_BUNDLE would override validate_certs=false.
                response = self.session.request(method, url, json=body, timeout=self.timeout, allow_redirects=False,
                                                verify=self.session.verify, proxies=self._proxies)
            except requests.exceptions.RequestException as exc:
                failure = _failure_kind(exc)
                if may_retry(method, attempt, self.retries, failure=failure):
                    self._sleep(retry_wait(attempt))
                    continue
                unknown = writes and failure in UNKNOWN_OUTCOME_FAILURES
                raise SipgateError(self._redact(self._describe_failure(failure, exc, action, unknown_note if unknown else None)),
                                   kind=failure, may_have_been_accepted=unknown)
            self.server_time = http_date(response.headers.get('Date')) or self.server_time
            if response.status_code < 300:
                if writes:
                    self._check_write_answer(response, action)
                return response
            # Redact before api_error_text shortens the text, so no part of a secret survives the cut.
            api_message = api_error_text(self._redact(response.text), response.headers.get('Content-Type', ''))
            if may_retry(method, attempt, self.retries, status=response.status_code):
                wait = retry_wait(attempt, response.headers.get('Retry-After'))
                if wait is not None:
                    self._sleep(wait)
                    continue
            unknown = writes and response.status_code in UNKNOWN_OUTCOME_STATUSES
            message = describe_http_error(response.status_code, api_message, action=action, hints=hints,
                                          unknown=unknown_note if unknown else None)
            raise SipgateError(message, kind='http', status=response.status_code, api_message=api_message,
                               may_have_been_accepted=unknown, retry_after=parse_retry_after(response.headers.get('Retry-After') or ''))

    def _check_write_answer(self, response, action):
        """A write succeeded only if the answer came from the API: no body, or JSON.

        A proxy, captive portal or wrong host answers 200 with an HTML page, and the API never saw the request.
        """
        content_type = response.headers.get('Content-Type', '')
        if not response.content or 'json' in content_type.lower():
            return
        raise SipgateError(
            "%s failed: the answer (HTTP %d, Content-Type %s) did not come from the sipgate API, which answers with JSON "
            "or nothing, so the request did not reach it. Check api_url, and any proxy or captive portal on the way."
            % (action, response.status_code, content_type or 'missing'), kind='not_api', status=response.status_code)

    def _describe_failure(self, failure, exc, action, unknown):
        where = self.api_url
        if failure == 'config':
            return "%s failed: api_url '%s' cannot be used: %s." % (action, shown_url(where), one_line(exc, limit=200))
        if failure == 'dns':
            return "%s failed: could not resolve the host name in api_url '%s'. Check api_url and DNS." % (action, where)
        if failure == 'refused':
            return "%s failed: connection to '%s' refused. Check api_url and that the API is reachable." % (action, where)
        if failure == 'connect_timeout':
            return "%s failed: no connection to '%s' within %s seconds (timeout)." % (action, where, _seconds(self.timeout))
        if failure == 'tls':
            return ("%s failed: TLS error talking to '%s': %s. Check the certificate of the host, or set "
                    "validate_certs=false only for a test server you control." % (action, self.host, _tls_reason(exc)))
        unsure = ' ' + unknown if unknown else ''
        if failure == 'read_timeout':
            return "%s failed: '%s' did not answer within %s seconds (timeout).%s" % (action, where, _seconds(self.timeout), unsure)
        return "%s failed: the connection to '%s' was dropped before the API answered.%s" % (action, where, unsure)

    def _json(self, response, action):
        content_type = response.headers.get('Content-Type', '')
        try:
            return response.json()
        except ValueError:
            snippet = api_error_text(self._redact(response.text), 'text/plain')
            raise SipgateError(
                "%s failed: the API answered HTTP %d with a body that is not JSON (Content-Type %s)%s" % (
                    action, response.status_code, content_type or 'missing', ": '%s'" % snippet if snippet else '.'),
                kind='invalid_response', status=response.status_code)

    def _redact(self, text):
        return redact(text, self._secrets)


def _seconds(value):
    return ('%g' % value) if isinstance(value, float) else str(value)


def _tls_reason(exc):
    for error in _exception_chain(exc):
        reason = getattr(error, 'reason', None) or getattr(error, 'verify_message', None)
        if isinstance(reason, str) and reason:
            return reason
    text = str(exc)
    return 'certificate verify failed' if 'CERTIFICATE_VERIFY_FAILED' in text else 'handshake failed'
