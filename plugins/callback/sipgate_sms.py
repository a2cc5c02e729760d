# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: sipgate_sms
type: notification
short_description: Send one SMS that summarises the failures of a playbook run, through the sipgate REST API
version_added: 1.0.0
description:
  - 'At the end of each playbook (the recap), sends one short SMS to every recipient in O(recipients) that names the failed
    hosts with their failed tasks and messages, the unreachable hosts, and the recap counts, for example
    "Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (...). 1 unreachable: db1.
    ok=10 failed=2 unreachable=1".'
  - By default it only sends when a host failed or was unreachable; see O(on). It never sends one SMS per failed task.
  - Enable it with C(callbacks_enabled = sipgate.io.sipgate_sms) in the C([defaults]) section of C(ansible.cfg), or with
    E(ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms). Its options are read from environment variables or from the
    C([callback_sipgate_sms]) section of C(ansible.cfg).
  - The callback never changes the outcome of a run. When an option is missing or invalid it is disabled with one warning;
    when the sipgate API refuses the SMS or cannot be reached, the run ends with a warning and its usual return code.
  - A failure of a task with C(ignore_errors=true) does not count, and neither does a failure that the C(rescue) section of a
    block handled; the callback counts exactly the C(failed) and C(unreachable) columns of the recap. For a failed host it
    reports its last failed tasks (as many as the recap counts), which are the ones no C(rescue) handled.
  - The output of a task with C(no_log=true) is censored before any callback sees it; for such a task the SMS names only the
    task and the host, never its message.
  - Each recipient gets its own C(POST /sessions/sms) request with the same text. The text is cut to O(max_segments) SMS parts.
author:
  - sipgate.io maintainers (@sipgate-io)
requirements:
  - requests
options:
  token_id:
    description:
      - ID of a sipgate personal access token, for example V(token-6DSA7A), sent with O(token) as HTTP Basic authentication.
      - The token needs the scope C(sessions:sms:write).
      - The legacy sipgate account login (e-mail address) works here too, with the account password as O(token).
      - Mutually exclusive with O(access_token). One of O(token_id) with O(token), or O(access_token), is required.
    type: str
    env:
      - name: SIPGATE_TOKEN_ID
    ini:
      - section: callback_sipgate_sms
        key: token_id
  token:
    description:
      - The secret of the personal access token named by O(token_id). Never logged or sent in the SMS.
      - Required together with O(token_id).
      - Prefer the environment variable over C(ansible.cfg), which is often committed to version control.
    type: str
    env:
      - name: SIPGATE_TOKEN
    ini:
      - section: callback_sipgate_sms
        key: token
  access_token:
    description:
      - "An OAuth2 access token, sent as C(Authorization: Bearer). Never logged or sent in the SMS."
      - Mutually exclusive with O(token_id) and O(token).
    type: str
    env:
      - name: SIPGATE_ACCESS_TOKEN
    ini:
      - section: callback_sipgate_sms
        key: access_token
  sms_id:
    description:
      - The Web SMS extension to send from, V(s0), V(s1) and so on. Required.
      - The module M(sipgate.io.sipgate_sms_extensions_info) lists the extensions of an account.
    type: str
    env:
      - name: SIPGATE_SMS_ID
    ini:
      - section: callback_sipgate_sms
        key: sms_id
  recipients:
    description:
      - The phone numbers that get the SMS. Required.
      - In an environment variable or in C(ansible.cfg), a comma-separated list such as V(+4915799912345, +4915799912346).
      - Numbers are normalised to E.164 as in the module M(sipgate.io.sipgate_sms); duplicates get one SMS. A national number
        such as V(015799912345) needs O(default_country_code).
      - One invalid number disables the callback with a warning that names it.
    type: list
    elements: str
    env:
      - name: SIPGATE_RECIPIENTS
    ini:
      - section: callback_sipgate_sms
        key: recipients
  default_country_code:
    description:
      - Country calling code for national numbers in O(recipients), such as V(49) for Germany.
      - Without it, national numbers are refused, because the country cannot be guessed safely.
    type: str
    env:
      - name: SIPGATE_DEFAULT_COUNTRY_CODE
    ini:
      - section: callback_sipgate_sms
        key: default_country_code
  api_url:
    description:
      - Base URL of the sipgate REST API v2.
      - An C(http://) URL is refused unless its host is a loopback address (such as a local test server).
    type: str
    default: https://api.sipgate.com/v2
    env:
      - name: SIPGATE_API_URL
    ini:
      - section: callback_sipgate_sms
        key: api_url
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url). Only set to V(false) against a test server you control.
      - The environment variable is read by this callback only, not by the modules.
    type: bool
    default: true
    env:
      - name: SIPGATE_VALIDATE_CERTS
    ini:
      - section: callback_sipgate_sms
        key: validate_certs
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer each request.
      - The environment variable is read by this callback only, not by the modules.
    type: float
    default: 30
    env:
      - name: SIPGATE_TIMEOUT
    ini:
      - section: callback_sipgate_sms
        key: timeout
  retries:
    description:
      - How often a request is tried again after a failure that is safe to repeat, from V(0) to V(10).
      - An SMS is never sent twice. A request is only repeated when the API cannot have accepted it (the connection was
        never established, or the API answered HTTP 429 or 503).
      - The environment variable is read by this callback only, not by the modules.
    type: int
    default: 2
    env:
      - name: SIPGATE_RETRIES
    ini:
      - section: callback_sipgate_sms
        key: retries
  "on":
    description:
      - When to send the SMS at the end of a playbook.
      - V(failure) when at least one host failed, V(unreachable) when at least one host was unreachable, V(recap) always,
        also after a run without failures.
      - In an environment variable or in C(ansible.cfg), a comma-separated list such as V(failure, unreachable).
    type: list
    elements: str
    choices: [failure, unreachable, recap]
    default: [failure, unreachable]
    env:
      - name: SIPGATE_NOTIFY_ON
    ini:
      - section: callback_sipgate_sms
        key: "on"
  send_in_check_mode:
    description:
      - Whether to send the SMS after a run in check mode (C(ansible-playbook --check), or every play has C(check_mode=true)).
      - By default a check mode run sends nothing.
    type: bool
    default: false
    env:
      - name: SIPGATE_SEND_IN_CHECK_MODE
    ini:
      - section: callback_sipgate_sms
        key: send_in_check_mode
  max_segments:
    description:
      - The most SMS parts the text may take, from V(1) to V(10). A longer text is cut and ends with C(...).
      - When the text of the built-in template is too long, the failure messages are left out first, then the task names,
        so that the SMS names as many failed hosts as it can before it is cut.
      - One part holds 160 characters of the GSM 03.38 alphabet (153 each when there are several), or 70 (67) characters of
        any other text.
    type: int
    default: 2
    env:
      - name: SIPGATE_MAX_SEGMENTS
    ini:
      - section: callback_sipgate_sms
        key: max_segments
  message_template:
    description:
      - 'A Jinja2 template for the text of the SMS, rendered in a sandbox. If not set, a built-in template gives
        "Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (...).
        1 unreachable: db1. ok=10 failed=2 unreachable=1", or "Ansible OK: site.yml. ok=10 failed=0 unreachable=0"
        after a run without failures.'
      - If the template cannot be parsed or rendered (for example it uses an undefined variable), or renders to blank text,
        a warning is shown and the built-in template is used instead.
      - "Variables: C(playbook) (file name of the playbook, such as C(site.yml)); C(status) (V(FAILED) when a host failed or
        was unreachable, else V(OK)); C(failed) (a boolean, the same); C(check_mode) (a boolean); C(plays) (the names of the
        plays that ran)."
      - "C(failed_hosts) (names of the failed hosts, in the order they failed); C(failures) (one entry per counted failure,
        each with C(host), C(task) (the task name), C(msg) (its message on one line, at most 100 characters, empty for
        C(no_log) tasks) and C(summary) (C(task: msg), or only the task name))."
      - "C(unreachable_hosts) (names of the unreachable hosts); C(unreachable) (entries like those of C(failures))."
      - "C(counts) (the recap summed over all hosts: C(hosts), C(ok), C(changed), C(failed), C(unreachable), C(skipped),
        C(rescued), C(ignored))."
      - In C(ansible.cfg), write C(%) as C(%%), and do not use C(;) after a space, because it starts a comment there.
    type: str
    env:
      - name: SIPGATE_MESSAGE_TEMPLATE
    ini:
      - section: callback_sipgate_sms
        key: message_template
notes:
  - The credentials are the same as those of the modules of this collection and are read from the same environment variables,
    so a shell that exports E(SIPGATE_TOKEN_ID), E(SIPGATE_TOKEN) and E(SIPGATE_SMS_ID) only needs E(SIPGATE_RECIPIENTS) and
    E(ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms) to get notified.
  - Each playbook of an C(ansible-playbook) run ends with its own recap, so each playbook sends at most one SMS.
  - Sending waits for the API, at most about O(timeout) seconds per recipient plus retries, at the very end of the run.
seealso:
  - module: sipgate.io.sipgate_sms
  - name: sipgate REST API documentation
    description: Endpoints, authentication and scopes of the sipgate REST API v2.
    link: https://api.sipgate.com/v2/doc
'''

EXAMPLES = r'''
# ansible.cfg: notify two on-call phones when a host failed or was unreachable.
# The credentials come from the environment: SIPGATE_TOKEN_ID and SIPGATE_TOKEN.
#
# [defaults]
# callbacks_enabled = sipgate.io.sipgate_sms
#
# [callback_sipgate_sms]
# sms_id = s0
# recipients = +4915799912345, 0157 99912346
# default_country_code = 49
# on = failure, unreachable, recap
# max_segments = 1
# message_template = {{ status }} {{ playbook }}: {{ failed_hosts | join(', ') or 'no failures' }}

# The same from the shell only:
#
# export ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms
# export SIPGATE_TOKEN_ID=token-6DSA7A SIPGATE_TOKEN=... SIPGATE_SMS_ID=s0
# export SIPGATE_RECIPIENTS='+4915799912345,+4915799912346'
# ansible-playbook site.yml
'''

import functools
import os

from collections.abc import Mapping

from ansible import context
from ansible.plugins.callback import CallbackBase

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_RETRIES, DEFAULT_TIMEOUT, HAS_REQUESTS, SipgateClient, SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._gsm import is_blank, message_info, truncate_to_segments
from ansible_collections.sipgate.io.plugins.module_utils._module import SMS_ID_PATTERN, connection_problems
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_recipients

PLUGIN_NAME = 'sipgate.io.sipgate_sms'
SEND_SMS_PATH = '/sessions/sms'
ON_CHOICES = ('failure', 'unreachable', 'recap')
MAX_SEGMENTS_LIMIT = 10
# A failed task's message is shortened to this many characters, so that one long message cannot crowd out the other hosts.
MAX_DETAIL_LENGTH = 100
REDACTED = '********'

DEFAULT_TEMPLATE = (
    "Ansible {{ status }}{{ ' (check mode)' if check_mode else '' }}: {{ playbook }}."
    "{% if failed_hosts %} {{ failed_hosts | length }} host{{ '' if failed_hosts | length == 1 else 's' }} failed: "
    "{% for host in failed_hosts %}"
    "{% set details = failures | selectattr('host', 'equalto', host) | map(attribute='summary') | select | join('; ') %}"
    "{{ host }}{{ ' (' ~ details ~ ')' if details else '' }}{{ ', ' if not loop.last else '.' }}"
    "{% endfor %}{% endif %}"
    "{% if unreachable_hosts %} {{ unreachable_hosts | length }} unreachable: {{ unreachable_hosts | join(', ') }}.{% endif %}"
    " ok={{ counts.ok }} failed={{ counts.failed }} unreachable={{ counts.unreachable }}"
)

# The recap columns, as named by AggregateStats.summarize(), and the names the template sees.
RECAP_COUNTS = (('ok', 'ok'), ('changed', 'changed'), ('failures', 'failed'), ('unreachable', 'unreachable'),
                ('skipped', 'skipped'), ('rescued', 'rescued'), ('ignored', 'ignored'))


def one_line(text, limit=MAX_DETAIL_LENGTH):
    """``text`` on one line, with runs of whitespace collapsed, cut to ``limit`` characters."""
    if text is None:
        return ''
    text = ' '.join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 3].rstrip() + '...'
    return text


def is_censored(data, task=None):
    """True when a task result must not be quoted: its task ran with no_log, so Ansible censored it."""
    if getattr(task, 'no_log', None) is True:
        return True
    if not isinstance(data, Mapping):
        return True
    return bool(data.get('censored') or data.get('_ansible_no_log'))


def failure_reason(data):
    """The message of a failed or unreachable result; for a loop, the message of its first failed item. Never of a no_log item."""
    if is_censored(data):
        return ''
    items = data.get('results')
    if isinstance(items, list):
        for item in items:
            if isinstance(item, Mapping) and item.get('failed') and not is_censored(item):
                reason = _reason(item)
                if reason:
                    return reason
    return _reason(data)


def _reason(data):
    for key in ('msg', 'reason'):
        value = data.get(key)
        if value is not None and not is_blank(value):
            return one_line(value)
    return ''


def task_event(host, task, data, task_obj=None):
    """What the summary keeps of one failed or unreachable result: host, task name and (unless no_log) its message."""
    task = one_line(task, limit=MAX_DETAIL_LENGTH)
    msg = '' if is_censored(data, task_obj) else failure_reason(data)
    summary = ': '.join(part for part in (task, msg) if part)
    return {'host': str(host), 'task': task, 'msg': msg, 'summary': summary}


def counted_events(events, count):
    """The last ``count`` events of a host: those that the recap counts, because earlier ones were rescued."""
    if count <= 0:
        return []
    return list(events[-count:])


def build_variables(playbook, plays, summaries, failure_events, unreachable_events, check_mode=False):
    """The template variables for one playbook.

    ``summaries`` maps each host to its recap counts (AggregateStats.summarize() keys); ``failure_events`` and
    ``unreachable_events`` map each host to its failed (not ignored) and unreachable results, in order, as task_event() dicts.
    A host counts as failed or unreachable exactly when the recap says so.
    """
    counts = dict((name, 0) for dummy, name in RECAP_COUNTS)
    counts['hosts'] = len(summaries)
    for summary in summaries.values():
        for key, name in RECAP_COUNTS:
            counts[name] += int(summary.get(key) or 0)

    def select(events_by_host, key):
        hosts = [host for host in events_by_host if (summaries.get(host) or {}).get(key, 0) > 0]
        hosts += sorted(host for host, summary in summaries.items() if summary.get(key, 0) > 0 and host not in hosts)
        events = []
        for host in hosts:
            events.extend(counted_events(events_by_host.get(host) or [], summaries[host][key]))
        return hosts, events

    failed_hosts, failures = select(failure_events, 'failures')
    unreachable_hosts, unreachable = select(unreachable_events, 'unreachable')
    failed = bool(failed_hosts or unreachable_hosts)
    return {
        'playbook': playbook or 'playbook',
        'plays': list(plays),
        'status': 'FAILED' if failed else 'OK',
        'failed': failed,
        'check_mode': bool(check_mode),
        'failed_hosts': failed_hosts,
        'failures': failures,
        'unreachable_hosts': unreachable_hosts,
        'unreachable': unreachable,
        'counts': counts,
    }


def should_send(variables, on):
    """Whether the ``on`` setting asks for an SMS about this playbook."""
    return bool('recap' in on or ('failure' in on and variables['failed_hosts'])
                or ('unreachable' in on and variables['unreachable_hosts']))


def _environment():
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)


def template_problem(template):
    """Why ``template`` cannot be used (a syntax error), or None."""
    if template is None:
        return None
    if is_blank(template):
        return 'message_template is empty'
    try:
        _environment().parse(template)
    except Exception as error:  # pylint: disable=broad-exception-caught
        return 'message_template is not a valid Jinja2 template: %s' % _error_text(error)
    return None


def render_text(template, variables):
    """Render ``template`` in a Jinja2 sandbox; raises on any problem."""
    text = _environment().from_string(template).render(**variables)
    return text.strip()


def build_message(variables, template=None, max_segments=2, secrets=()):
    """The SMS text and a list of problems (to warn about).

    A template that fails to render, or renders to blank text, is replaced by the built-in one. Any secret that appears in the
    text is masked, and the text is cut to ``max_segments`` SMS parts.
    """
    problems = []
    text = None
    if template is not None:
        try:
            text = redact(render_text(template, variables), secrets)
        except Exception as error:  # pylint: disable=broad-exception-caught
            problems.append('message_template could not be rendered (%s); the built-in template is used instead.' % _error_text(error))
        else:
            if is_blank(text):
                problems.append('message_template rendered to blank text; the built-in template is used instead.')
                text = None
    if text is None:
        text = render_default(variables, max_segments, secrets)
    return truncate_to_segments(text, max_segments), problems


def render_default(variables, max_segments, secrets=()):
    """The built-in text. When it does not fit, it leaves out the failure messages, then the task names, so that it still
    names as many hosts as possible."""
    text = ''
    for detail in ('msg', 'task', 'host'):
        text = redact(render_text(DEFAULT_TEMPLATE, with_detail(variables, detail)), secrets)
        if message_info(text)['segments'] <= max_segments:
            break
    return text


def with_detail(variables, detail):
    """``variables`` whose failure summaries hold the task and message (``msg``), only the task, or nothing (``host``)."""
    if detail == 'msg':
        return variables
    variables = dict(variables)
    variables['failures'] = [dict(entry, summary=entry['task'] if detail == 'task' else '') for entry in variables['failures']]
    return variables


def redact(text, secrets):
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def _error_text(error):
    return '%s: %s' % (type(error).__name__, one_line(error, limit=200))


def _guarded(method):
    """Run a callback hook so that nothing it raises reaches Ansible: a bug becomes a warning, never a changed outcome."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # pylint: disable=broad-exception-caught
            try:
                self._warn('internal error in %s (%s); the play is not affected.' % (method.__name__, _error_text(error)))
            except Exception:  # pylint: disable=broad-exception-caught
                pass
            return None
    return wrapper


class CallbackModule(CallbackBase):
    """Sends one SMS per playbook through the sipgate REST API when hosts failed or were unreachable."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = PLUGIN_NAME
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None, options=None):
        self._settings = None
        self._previous_counts = {}
        self._reset_playbook()
        super(CallbackModule, self).__init__(display=display, options=options)

    # Configuration

    def set_options(self, task_keys=None, var_options=None, direct=None):
        self._settings = None
        notices = []
        try:
            super(CallbackModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
            settings, problems, notices = self._read_settings()
        except Exception as error:  # pylint: disable=broad-exception-caught
            problems = ['its options could not be read: %s' % _error_text(error)]
        if problems:
            # One warning says everything that is wrong, so that it can all be fixed at once.
            self.disabled = True
            self._warn('disabled, no SMS will be sent: %s' % ' '.join(_sentence(text) for text in problems + notices))
            return
        self.disabled = False
        self._settings = settings
        for notice in notices:
            self._warn(notice)

    def _read_settings(self):
        """The validated settings, every problem that keeps the callback from working, and notices to warn about."""
        option = self.get_option
        problems = []
        notices = []
        if not HAS_REQUESTS:
            problems.append('the Python library requests is required; install it for the Python that runs ansible-playbook')
        params = dict(token_id=option('token_id'), token=option('token'), access_token=option('access_token'),
                      api_url=option('api_url'), validate_certs=option('validate_certs'), timeout=option('timeout'),
                      retries=option('retries'))
        problems.extend(connection_problems(params))

        sms_id = (option('sms_id') or '').strip()
        if not sms_id:
            problems.append('sms_id is not set: set SIPGATE_SMS_ID, or sms_id in the [callback_sipgate_sms] section of ansible.cfg')
        elif not SMS_ID_PATTERN.match(sms_id):
            problems.append("sms_id '%s' is not a Web SMS extension id such as s0 or s1" % sms_id)

        recipients = []
        values = [value for value in option('recipients') or [] if not is_blank(value)]
        if not values:
            problems.append('recipients is not set: set SIPGATE_RECIPIENTS (comma-separated), '
                            'or recipients in the [callback_sipgate_sms] section of ansible.cfg')
        else:
            country_code = option('default_country_code')
            try:
                normalized, errors = normalize_recipients(values, None if is_blank(country_code) else country_code.strip())
            except PhoneNumberError as error:
                problems.append(str(error))
            else:
                problems.extend(errors)
                recipients = [entry['recipient'] for entry in normalized]

        on = [value.strip() for value in option('on') or [] if not is_blank(value)]
        if not on:
            problems.append('on is empty: set it to any of %s' % ', '.join(ON_CHOICES))
        unknown = [value for value in on if value not in ON_CHOICES]
        if unknown:
            problems.append('on has unknown value(s) %s; use any of %s' % (', '.join(unknown), ', '.join(ON_CHOICES)))

        max_segments = option('max_segments')
        if max_segments is None or not 1 <= max_segments <= MAX_SEGMENTS_LIMIT:
            problems.append('max_segments must be between 1 and %d, not %s' % (MAX_SEGMENTS_LIMIT, max_segments))

        template = option('message_template')
        problem = template_problem(template)
        if problem:
            # Not a reason to stay silent: the built-in template still gives a useful SMS.
            notices.append('%s The built-in template is used instead.' % _sentence(problem))
            template = None

        client = dict(params)
        if client['timeout'] is None:
            client['timeout'] = DEFAULT_TIMEOUT
        if client['retries'] is None:
            client['retries'] = DEFAULT_RETRIES
        if client['validate_certs'] is None:
            client['validate_certs'] = True
        settings = dict(client=client, sms_id=sms_id, recipients=recipients, on=frozenset(on), max_segments=max_segments,
                        template=template, send_in_check_mode=bool(option('send_in_check_mode')))
        return settings, problems, notices

    def _warn(self, message):
        self._display.warning('%s callback: %s' % (PLUGIN_NAME, self._redact(message)))

    def _redact(self, text):
        settings_client = (self._settings or {}).get('client') or {}
        secrets = [settings_client.get('token'), settings_client.get('access_token')]
        if not self._settings:
            for name in ('token', 'access_token'):
                try:
                    secrets.append(self.get_option(name))
                except Exception:  # pylint: disable=broad-exception-caught
                    pass
        return redact(text, [secret for secret in secrets if isinstance(secret, str)])

    # Recording

    def _reset_playbook(self):
        self._playbook = ''
        self._plays = []
        self._play_check_modes = []
        self._failure_events = {}
        self._unreachable_events = {}

    @_guarded
    def v2_playbook_on_start(self, playbook):
        self._reset_playbook()
        file_name = getattr(playbook, '_file_name', None)
        self._playbook = os.path.basename(file_name) if file_name else ''

    @_guarded
    def v2_playbook_on_play_start(self, play):
        name = getattr(play, 'name', None) or ''
        self._plays.append(one_line(name))
        self._play_check_modes.append(getattr(play, 'check_mode', None) is True)

    @_guarded
    def v2_runner_on_failed(self, result, ignore_errors=False):
        if ignore_errors:
            # A failure the play ignores is not a failure of the run (the recap counts it as "ignored").
            return
        self._record(self._failure_events, result)

    @_guarded
    def v2_runner_on_unreachable(self, result):
        if getattr(result.task, 'ignore_unreachable', None) is True:
            return
        self._record(self._unreachable_events, result)

    def _record(self, events, result):
        host = result.host.get_name()
        events.setdefault(host, []).append(task_event(host, result.task_name, result.result, result.task))

    # Sending

    @_guarded
    def v2_playbook_on_stats(self, stats):
        try:
            self._notify(stats)
        finally:
            self._reset_playbook()

    def _notify(self, stats):
        if self._settings is None:
            return
        summaries = self._playbook_summaries(stats)
        variables = build_variables(self._playbook, self._plays, summaries, self._failure_events, self._unreachable_events,
                                    check_mode=self._is_check_mode())
        settings = self._settings
        if not should_send(variables, settings['on']):
            self._display.vv('%s callback: nothing to report for %s.' % (PLUGIN_NAME, variables['playbook']))
            return
        if variables['check_mode'] and not settings['send_in_check_mode']:
            self._display.v('%s callback: check mode run, no SMS sent (see the option send_in_check_mode).' % PLUGIN_NAME)
            return
        client = settings['client']
        text, problems = build_message(variables, settings['template'], settings['max_segments'],
                                       secrets=[client['token'], client['access_token']])
        for problem in problems:
            self._warn(problem)
        self._send(text)

    def _playbook_summaries(self, stats):
        """Recap counts of this playbook: the stats are cumulative over the playbooks of one run, so subtract the earlier ones."""
        summaries = {}
        current_counts = {}
        for host in sorted(getattr(stats, 'processed', {}) or {}):
            summary = stats.summarize(host)
            current_counts[host] = summary
            previous = self._previous_counts.get(host)
            delta = dict((key, max(0, int(summary.get(key) or 0) - int((previous or {}).get(key) or 0))) for key, dummy in RECAP_COUNTS)
            # A host of an earlier playbook that did nothing in this one is not part of its recap.
            if previous is None or any(delta.values()):
                summaries[host] = delta
        self._previous_counts = current_counts
        return summaries

    def _is_check_mode(self):
        if context.CLIARGS.get('check'):
            return True
        return bool(self._play_check_modes) and all(self._play_check_modes)

    def _send(self, text):
        settings = self._settings
        recipients = settings['recipients']
        sent = []
        errors = []
        try:
            client = SipgateClient(**settings['client'])
        except SipgateError as error:
            self._warn('no SMS sent: %s' % error)
            return
        with client:
            for index, recipient in enumerate(recipients):
                body = {'smsId': settings['sms_id'], 'recipient': recipient, 'message': text}
                try:
                    client.post(SEND_SMS_PATH, body, action='Sending the notification SMS to %s' % recipient)
                except SipgateError as error:
                    errors.append(_sentence(str(error)))
                    if error.affects_every_request and index + 1 < len(recipients):
                        errors.append('Not tried for %s.' % ', '.join(recipients[index + 1:]))
                        break
                else:
                    sent.append(recipient)
        if errors:
            self._warn('the notification SMS reached %d of %d recipient(s). %s' % (len(sent), len(recipients), ' '.join(errors)))
        else:
            self._display.v('%s callback: notification SMS sent to %s.' % (PLUGIN_NAME, ', '.join(sent)))


def _sentence(text):
    text = text.strip()
    return text if text.endswith(('.', '?', '!')) else text + '.'
