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
import ssl
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
GET_RETRY_FAILURES = frozenset(['read_timeout', 'dropped', 'tls_broken'])
# After these, a write (POST, PUT, DELETE) may or may not have been carried out: the request was written, but no
# answer came back (a timeout, a dropped connection, a TLS error once the handshake was done).
UNKNOWN_OUTCOME_FAILURES = frozenset(['read_timeout', 'dropped', 'tls_broken'])
# 408 and every 5xx: proxies and gateways in front of an API (507, 508, 520, 524, ...) send these after the request
# went through, so only the other 4xx prove that a write was refused; see outcome_unknown().
REQUEST_TIMEOUT_STATUS = 408

# Failures that do not depend on the recipient: after one of them, the other recipients are not tried.
ACCOUNT_WIDE_FAILURES = frozenset(['refused', 'dns', 'connect_timeout', 'tls', 'config', 'not_api', 'deadline'])
ACCOUNT_WIDE_STATUSES = frozenset([401, 402, 403, 404, 405, 415])

HTTP_STATUS_HINTS = {
    400: 'bad request: the API rejected a field (an empty or whitespace-only text, an invalid recipient or sendAt)',
    401: 'authentication failed: wrong token_id/token (or username/password), or an expired access_token',
    402: 'insufficient account balance: top up the sipgate account',
    403: ('no permission: Web SMS is not booked for the account, the SMS extension (sms_id) does not exist, '
          'or the token lacks the scope sessions:sms:write'),
    404: 'not found: check api_url (it should end in /v2) and the user id',
    405: 'method not allowed: check api_url',
    408: 'request timeout: the API or a proxy in front of it stopped waiting',
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
# Functions of the standard library and urllib3 that run before a request is written: a TLS error raised inside one of
# them is a failed handshake, so the API never saw the request.
TLS_HANDSHAKE_FUNCTIONS = frozenset(['do_handshake', 'wrap_socket', 'ssl_wrap_socket', '_ssl_wrap_socket_and_match_hostname',
                                     '_validate_conn', 'connect', '_new_conn', '_connect_tls_proxy'])
# The connection options that are credentials: sent in a header, never shown.
CREDENTIAL_OPTIONS = ('token_id', 'token', 'access_token')


class SipgateError(Exception):
    """A request to the sipgate API failed.

    ``kind`` tells why: ``http`` (the API answered with an error status), ``refused``, ``dns``,
    ``connect_timeout``, ``read_timeout``, ``tls`` (the handshake failed), ``tls_broken`` (a TLS error after the
    handshake), ``dropped``, ``invalid_response``, ``not_api`` (a success answer that did not come from the API),
    ``deadline`` (the task's deadline passed before the request was sent) or ``config``. ``may_have_been_accepted``
    is true for a write the API may have carried out although it failed here: its outcome is unknown.
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


def canonical_api_url(api_url):
    """``api_url`` as one text per API: scheme and host in lower case, no trailing dot on the host, no default port,
    no trailing slash. Two spellings of one API share a lock and a record of claims.
    """
    parts = urlsplit(api_url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or '').rstrip('.')
    if ':' in host:
        host = '[%s]' % host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != {'https': 443, 'http': 80}.get(scheme):
        host = '%s:%d' % (host, port)
    return '%s://%s%s' % (scheme, host, parts.path.rstrip('/'))


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


def outcome_unknown(status=None, failure=None):
    """True when a write that got HTTP ``status``, or failed with ``failure``, may have been carried out anyway.

    Only an answer that proves refusal (a 4xx other than 408; a 429 is sent again) or a failure before the request was
    written (no connection, a failed TLS handshake) makes its outcome known.
    """
    if failure is not None:
        return failure in UNKNOWN_OUTCOME_FAILURES
    return status is not None and (status == REQUEST_TIMEOUT_STATUS or status >= 500)


def credential_problem(name, value):
    """Why the credential option ``name`` cannot be sent in an HTTP header once stripped of surrounding white space, or None.

    The message never shows the value. A token from a vault block scalar ends in a line break, which strip() removes;
    a line break or control character inside would end the header, and a bearer token is plain ASCII.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        return '%s must be a string' % name
    value = value.strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7f or char in '\u2028\u2029\x85' for char in value):
        return ('%s contains a line break or another control character inside it, which an HTTP header cannot carry; '
                'check the value (it is not shown)' % name)
    if name == 'access_token' and not all(0x20 < ord(char) < 0x7f for char in value):
        return ('access_token contains a space or a character outside ASCII, which a bearer token never has; check the '
                'value (it is not shown)')
    if any(ord(char) > 0xff for char in value):
        # requests sends HTTP Basic credentials in Latin-1.
        return ('%s contains a character outside Latin-1, which HTTP Basic authentication cannot carry; check the value '
                '(it is not shown)' % name)
    if name == 'token_id' and ':' in value:
        return 'token_id contains a colon, which HTTP Basic authentication cannot carry; check the value (it is not shown)'
    return None


def credential_forms(token_id=None, token=None, access_token=None):
    """Every form in which the credentials could appear in a text: as given, stripped, and Base64-encoded as sent."""
    forms = []
    for value in (token, access_token):
        if isinstance(value, str):
            forms.extend([value, value.strip()])
    if isinstance(token, str) and token:
        # An API that echoes the Authorization header back would show the credentials Base64-encoded.
        for user, secret in ((token_id or '', token), ((token_id or '').strip(), token.strip())):
            # requests encodes them in Latin-1; UTF-8 in case some client does as RFC 7617 suggests.
            for encoding in ('latin-1', 'utf-8'):
                try:
                    forms.append(base64.b64encode(('%s:%s' % (user, secret)).encode(encoding)).decode('ascii'))
                except UnicodeEncodeError:
                    pass
    return [form for form in dict.fromkeys(forms) if form]


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
        return failure in GET_RETRY_FAILURES or status in (REQUEST_TIMEOUT_STATUS, 429) or (status is not None and status >= 500)
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
        return 'tls' if _tls_before_writing(exc) else 'tls_broken'
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'connect_timeout'
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return 'read_timeout'
    if isinstance(exc, requests.exceptions.ProxyError):
        # The proxy was not reached or set up no tunnel to the API: the request never left it.
        return 'refused'
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


def _tls_before_writing(exc):
    """True when a TLS error certainly came before the request was written: a certificate or handshake failure.

    requests raises the same SSLError for a failed handshake and for a TLS error while the answer was read; the
    frames the error passed through tell them apart. Whatever is not proven to be a handshake counts as after writing.
    """
    for error in _exception_chain(exc):
        if isinstance(error, ssl.SSLCertVerificationError):
            return True
        frame = error.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_name in TLS_HANDSHAKE_FUNCTIONS:
                return True
            frame = frame.tb_next
    return False


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


class ApiClock(object):
    """Where the API's clock stands against ours, from the ``Date`` header of its answers.

    An answer's Date (whole seconds) was taken between our sending the request and our receiving the answer, so each
    answer bounds the difference (API time minus our time, in seconds) from both sides; the bounds narrow with every
    answer. Thread-safe enough: each update replaces one float.
    """

    def __init__(self):
        self.lowest = None
        self.highest = None

    def observe(self, date_header, sent_at, received_at):
        """Narrow the bounds with an answer whose Date was ``date_header``, to a request sent and answered at our times."""
        api_seconds = http_date(date_header)
        if api_seconds is None:
            return
        lowest, highest = api_seconds - received_at, api_seconds + 1 - sent_at
        self.lowest = lowest if self.lowest is None else max(self.lowest, lowest)
        self.highest = highest if self.highest is None else min(self.highest, highest)

    def known(self):
        return self.lowest is not None

    def earliest(self, our_time):
        """The earliest API time at our time ``our_time``; None before any Date was seen."""
        return None if self.lowest is None else our_time + self.lowest

    def latest(self, our_time):
        """The latest API time at our time ``our_time``; None before any Date was seen."""
        return None if self.highest is None else our_time + max(self.highest, self.lowest)


class SipgateClient(object):
    """A sipgate REST API v2 client with one keep-alive connection for all its requests.

    Give it either ``token_id`` and ``token`` (HTTP Basic: a personal access token or the legacy
    account login) or ``access_token`` (OAuth2 bearer). Surrounding white space of a credential is removed; a
    credential an HTTP header cannot carry is refused (credential_problem). ``deadline`` (a time.monotonic() value)
    ends the task: no request starts after it, and none waits beyond it. ``api_clock`` learns the API's clock from
    every answer.
    """

    def __init__(self, api_url, timeout, retries, token_id=None, token=None, access_token=None, validate_certs=True,
                 sleep=time.sleep, deadline=None, clock=time.monotonic):
        if not HAS_REQUESTS:
            raise SipgateError('The Python library requests is required to talk to the sipgate API.', kind='config')
        self.api_url = validate_api_url(api_url)
        self.host = urlsplit(self.api_url).netloc
        self.timeout = timeout
        self.retries = retries
        self.deadline = deadline
        self.api_clock = ApiClock()
        self._clock = clock
        self._sleep = sleep
        self._secrets = credential_forms(token_id, token, access_token)
        problems = [credential_problem(name, value) for name, value in zip(CREDENTIAL_OPTIONS, (token_id, token, access_token))]
        if any(problems):
            raise SipgateError(' '.join('%s.' % problem for problem in problems if problem), kind='config')
        token_id, token, access_token = [value.strip() if isinstance(value, str) else value for value in (token_id, token, access_token)]
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

    @property
    def secrets(self):
        """Every form of the credentials that a text must not show (credential_forms); the callback masks them too."""
        return list(self._secrets)

    def end_within(self, seconds):
        """Set the deadline ``seconds`` from now (None: no deadline)."""
        self.deadline = None if seconds is None else self._clock() + seconds

    def remaining(self):
        """Seconds left until the deadline; None without one."""
        return None if self.deadline is None else self.deadline - self._clock()

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
            timeout = self._timeout(action)
            sent_at = time.time()
            try:
                # No redirects: requests would repeat a redirected POST as a GET and report success without an SMS.
                # verify is passed per request, or REQUESTS_CA_BUNDLE would override validate_certs=false.
                response = self.session.request(method, url, json=body, timeout=timeout, allow_redirects=False,
                                                verify=self.session.verify, proxies=self._proxies)
            except requests.exceptions.RequestException as exc:
                failure = _failure_kind(exc)
                if may_retry(method, attempt, self.retries, failure=failure) and self._wait_before_retry(retry_wait(attempt)):
                    continue
                unknown = writes and outcome_unknown(failure=failure)
                raise SipgateError(self._redact(self._describe_failure(failure, exc, action, unknown_note if unknown else None, timeout)),
                                   kind=failure, may_have_been_accepted=unknown)
            self.api_clock.observe(response.headers.get('Date'), sent_at, time.time())
            if response.status_code < 300:
                if writes:
                    self._check_write_answer(response, action)
                return response
            # Redact before api_error_text shortens the text, so no part of a secret survives the cut.
            api_message = api_error_text(self._redact(response.text), response.headers.get('Content-Type', ''))
            if may_retry(method, attempt, self.retries, status=response.status_code):
                wait = retry_wait(attempt, response.headers.get('Retry-After'))
                if wait is not None and self._wait_before_retry(wait):
                    continue
            unknown = writes and outcome_unknown(status=response.status_code)
            message = describe_http_error(response.status_code, api_message, action=action, hints=hints,
                                          unknown=unknown_note if unknown else None)
            raise SipgateError(message, kind='http', status=response.status_code, api_message=api_message,
                               may_have_been_accepted=unknown, retry_after=parse_retry_after(response.headers.get('Retry-After') or ''))

    def _timeout(self, action):
        """The timeout of the next request: ``timeout``, or less when the deadline comes sooner; a SipgateError after it."""
        left = self.remaining()
        if left is None:
            return self.timeout
        if left <= 0:
            raise SipgateError('%s was not started: the task ran out of time (its deadline passed).' % action, kind='deadline')
        return min(self.timeout, left)

    def _wait_before_retry(self, seconds):
        """Wait ``seconds`` before a retry and return True, or False when the deadline would pass first."""
        left = self.remaining()
        if left is not None and seconds >= left:
            return False
        self._sleep(seconds)
        return True

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

    def _describe_failure(self, failure, exc, action, unknown, timeout):
        where = self.api_url
        proxy = self._proxy()
        if proxy and failure in NOT_CONNECTED_FAILURES:
            return ("%s failed: no connection to '%s' through the proxy '%s' (from HTTPS_PROXY or ALL_PROXY): %s. Check the "
                    "proxy, or leave the API out of it with NO_PROXY." % (action, where, proxy, _proxy_reason(exc, self.timeout)))
        if failure == 'config':
            return "%s failed: api_url '%s' cannot be used: %s." % (action, shown_url(where), one_line(exc, limit=200))
        if failure == 'dns':
            return "%s failed: could not resolve the host name in api_url '%s'. Check api_url and DNS." % (action, where)
        if failure == 'refused':
            return "%s failed: connection to '%s' refused. Check api_url and that the API is reachable." % (action, where)
        if failure == 'connect_timeout':
            return "%s failed: no connection to '%s' within %s seconds (timeout)." % (action, where, _seconds(timeout))
        if failure == 'tls':
            return ("%s failed: TLS error talking to '%s': %s. Check the certificate of the host, or set "
                    "validate_certs=false only for a test server you control." % (action, self.host, _tls_reason(exc)))
        unsure = ' ' + unknown if unknown else ''
        if failure == 'tls_broken':
            return "%s failed: the TLS connection to '%s' broke after the request was sent: %s.%s" % (action, self.host, _tls_reason(exc), unsure)
        if failure == 'read_timeout':
            return "%s failed: '%s' did not answer within %s seconds (timeout).%s" % (action, where, _seconds(timeout), unsure)
        return "%s failed: the connection to '%s' was dropped before the API answered.%s" % (action, where, unsure)

    def _proxy(self):
        """The proxy that requests to api_url go through (requests takes it from the environment), without user info."""
        if self._proxies is NO_PROXIES or not self.session.trust_env:
            return None
        proxy = requests.utils.select_proxy(self.api_url, requests.utils.get_environ_proxies(self.api_url))
        if not proxy:
            return None
        parts = urlsplit(proxy if '://' in proxy else 'http://' + proxy)
        return '%s://%s' % (parts.scheme, parts.netloc.rsplit('@', 1)[-1])

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


def _proxy_reason(exc, timeout):
    """Why the proxy gave no connection to the API, from the exception chain of requests and urllib3."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'no connection to the proxy within %s seconds' % _seconds(timeout)
    chain = _exception_chain(exc)
    text = ' '.join(str(error) for error in chain)
    tunnel = re.search(r'Tunnel connection failed: ([^\'"(),]+)', text)
    if tunnel:
        return 'the proxy answered %s to the request for a tunnel' % tunnel.group(1).strip()
    if any(type(error).__name__ in ('NameResolutionError', 'gaierror') for error in chain) or any(
            failure in text for failure in DNS_FAILURE_TEXTS):
        return "the proxy's host name could not be resolved"
    if 'refused' in text.lower():
        return 'the proxy refused the connection'
    return 'the proxy could not be reached'


def _tls_reason(exc):
    for error in _exception_chain(exc):
        reason = getattr(error, 'reason', None) or getattr(error, 'verify_message', None)
        if isinstance(reason, str) and reason:
            return reason
    text = str(exc)
    if 'CERTIFICATE_VERIFY_FAILED' in text:
        return 'certificate verify failed'
    return 'handshake failed' if _tls_before_writing(exc) else 'TLS error'
