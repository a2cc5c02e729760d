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
    The warning tells apart recipients that did not get the SMS from those the API may have accepted it for without
    confirming it (a timeout, a dropped connection, a TLS error after the request was sent, HTTP 408 or any 5xx); the SMS is never sent to anyone twice.
  - Such unknown outcomes are looked up in the account history (C(GET /history), scope C(history:read)) for up to 10
    seconds, as M(sipgate.io.sipgate_sms) does with O(sipgate.io.sipgate_sms#module:history_lookup). A recipient the
    history shows the SMS for counts as reached; otherwise the warning says why it could not tell.
  - The end of a run waits for the SMS at most as long as a task of M(sipgate.io.sipgate_sms) does, that is up to 300 seconds for
    a task on this machine that has switched the sender of O(sms_id), then 10 times O(timeout) for the sending, then the
    10 seconds of the history look-up. Recipients not tried by then are reported as not sent.
  - A failure of a task with C(ignore_errors=true) does not count, and neither does a failure that the C(rescue) section of a
    block handled; the callback counts exactly the C(failed) and C(unreachable) columns of the recap. For a failed host it
    reports its last failed tasks (as many as the recap counts), which are the ones no C(rescue) handled.
  - The output of a task with C(no_log=true) is censored before any callback sees it; for such a task the SMS names only the
    task and the host, never its message.
  - Each recipient gets its own C(POST /sessions/sms) request with the same text, as from the module M(sipgate.io.sipgate_sms)
    with its default C(max_in_flight) (up to 20 requests at a time after the first). The text is cut to O(max_segments) SMS parts.
  - With O(once_within), a summary whose text the account already sent to a recipient within the window is not sent to it
    again, and the run's output says so, with when the earlier one went out. The built-in text holds no time and no run id,
    and names the failed hosts sorted, so the same failures give the same text and a different failure texts at once.
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment: [sipgate.io.connection, sipgate.io.connection.PLUGINS]
options:
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
  once_within:
    description:
      - Send the same summary to each recipient at most once within this window, such as V(1h); a job that fails the same way
        every ten minutes all night then texts once an hour, and a different failure texts at once.
      - Whole seconds (V(3600)) or a number with one unit, V(s), V(m), V(h) or V(d) (V(30s), V(15m), V(2h), V(1d)); at least
        one second and at most 30 days. An invalid value disables the callback with a warning.
      - Before sending, the account's SMS history (scope C(history:read)) is read over the window, as
        O(sipgate.io.sipgate_sms#module:once_within) of the module does, with the same lock and record of attempts on this
        machine. A recipient the same text from O(sms_id) went to within the window is skipped, and the run's output says
        so, naming the time and history entry of the earlier SMS. When the history cannot be read, no SMS is sent, and the
        warning names the cause.
      - The same summary means the same text. With O(message_template), keep times and run ids out of it.
      - Not set (the default), every summary is sent.
    type: str
    version_added: 1.1.0
    env:
      - name: SIPGATE_ONCE_WITHIN
    ini:
      - section: callback_sipgate_sms
        key: once_within
  message_template:
    description:
      - 'A Jinja2 template for the text of the SMS, rendered in a sandbox. If not set, a built-in template gives
        "Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (...).
        1 unreachable: db1. ok=10 failed=2 unreachable=1", or "Ansible OK: site.yml. ok=10 failed=0 unreachable=0"
        after a run without failures.'
      - The template has Jinja2's own filters and tests, such as C(join), C(length) and C(selectattr), but not Ansible's,
        such as C(to_json) or C(regex_replace), and no lookups; it is rendered in a plain Jinja2 sandbox.
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
  - Prefer environment variables over C(ansible.cfg) for O(token) and O(access_token), because C(ansible.cfg) is often
    committed to version control.
  - The credentials are the same as those of the modules of this collection and are read from the same environment variables,
    so a shell that exports E(SIPGATE_TOKEN_ID), E(SIPGATE_TOKEN) and E(SIPGATE_SMS_ID) only needs E(SIPGATE_RECIPIENTS) and
    E(ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms) to get notified.
  - Each playbook of an C(ansible-playbook) run ends with its own recap, so each playbook sends at most one SMS.
  - Sending waits for the API, at most about O(timeout) seconds per recipient plus retries, at the very end of the run.
seealso:
  - module: sipgate.io.sipgate_sms
'''

EXAMPLES = r'''
# ansible.cfg: text two on-call phones at the end of every playbook: what failed or was unreachable, or that all went
# well (drop recap from "on" to be texted only about failures).
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
# # The same summary at most once an hour (a job failing the same way all night texts once an hour):
# once_within = 1h

# The same from the shell only:
#
# export ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms
# export SIPGATE_TOKEN_ID=token-6DSA7A SIPGATE_TOKEN=... SIPGATE_SMS_ID=s0
# export SIPGATE_RECIPIENTS='+4915799912345,+4915799912346'
# ansible-playbook site.yml
'''

import functools
import os

from ansible import context
from ansible.plugins.callback import CallbackBase

from ansible_collections.sipgate.io.plugins.module_utils._client import CREDENTIAL_OPTIONS, SipgateClient, SipgateError, credential_forms
from ansible_collections.sipgate.io.plugins.module_utils._delivery import deliver
from ansible_collections.sipgate.io.plugins.module_utils._text import one_line, redact, sentences
from ansible_collections.sipgate.io.plugins.plugin_utils._notify_settings import (
    BOOLEAN_OPTIONS,
    blank_environment_unset,
    option_text,
    read_settings,
)
from ansible_collections.sipgate.io.plugins.plugin_utils._run_summary import (
    build_variables,
    playbook_summaries,
    result_parts,
    should_send,
    task_event,
)
from ansible_collections.sipgate.io.plugins.plugin_utils._sms_text import build_message, error_text

PLUGIN_NAME = 'sipgate.io.sipgate_sms'


def _guarded(method):
    """Run a callback hook so that nothing it raises reaches Ansible: a bug becomes a warning, never a changed outcome."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # pylint: disable=broad-exception-caught
            try:
                self._warn('internal error in %s (%s); the play is not affected.' % (method.__name__, error_text(error)))
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
            with blank_environment_unset():
                super(CallbackModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
                texts = dict((name, option_text(self.get_option_and_origin(name)[1], name)) for name in BOOLEAN_OPTIONS)
            settings, problems, notices = read_settings(self.get_option, texts.get)
        except Exception as error:  # pylint: disable=broad-exception-caught
            problems = ['its options could not be read: %s' % error_text(error)]
        if problems:
            # One warning says everything that is wrong, so that it can all be fixed at once.
            self.disabled = True
            self._warn('disabled, no SMS will be sent: %s' % sentences(problems + notices))
            return
        self.disabled = False
        self._settings = settings
        for notice in notices:
            self._warn(notice)

    def _secrets(self):
        """Every form of the credentials the client masks (credential_forms): as set, stripped, and Base64-encoded."""
        if self._settings:
            return credential_forms(*[self._settings['client'].get(name) for name in CREDENTIAL_OPTIONS])
        values = []
        for name in CREDENTIAL_OPTIONS:
            try:
                values.append(self.get_option(name))
            except Exception:  # pylint: disable=broad-exception-caught
                values.append(None)
        return credential_forms(*values)

    def _warn(self, message):
        self._display.warning('%s callback: %s' % (PLUGIN_NAME, redact(message, self._secrets())))

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
        if getattr(result_parts(result)[3], 'ignore_unreachable', None) is True:
            return
        self._record(self._unreachable_events, result)

    def _record(self, events, result):
        host, task_name, data, task = result_parts(result)
        events.setdefault(host, []).append(task_event(host, task_name, data, task))

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
        summaries, self._previous_counts = playbook_summaries(stats, self._previous_counts)
        variables = build_variables(self._playbook, self._plays, summaries, self._failure_events, self._unreachable_events,
                                    check_mode=self._is_check_mode())
        settings = self._settings
        if not should_send(variables, settings['on']):
            self._display.vv('%s callback: nothing to report for %s.' % (PLUGIN_NAME, variables['playbook']))
            return
        if variables['check_mode'] and not settings['send_in_check_mode']:
            self._display.v('%s callback: check mode run, no SMS sent (see the option send_in_check_mode).' % PLUGIN_NAME)
            return
        text, problems = build_message(variables, settings['template'], settings['max_segments'], secrets=self._secrets())
        for problem in problems:
            self._warn(problem)
        self._send(text)

    def _is_check_mode(self):
        if context.CLIARGS.get('check'):
            return True
        return bool(self._play_check_modes) and all(self._play_check_modes)

    def _send(self, text):
        settings = self._settings
        try:
            client = SipgateClient(**settings['client'])
        except SipgateError as error:
            self._warn('no SMS sent: %s' % error)
            return
        with client:
            try:
                # Without a sender: the lock is shared, so never while a task on this machine has switched the sender.
                delivery = deliver(client, settings['sms_id'], text, settings['recipients'],
                                   action='Sending the notification SMS to %s', once_within=settings['once_within'])
            except SipgateError as error:
                self._warn('no SMS sent: %s' % error)
                return
        for outcome in delivery.already_sent:
            # Said at normal verbosity: a run whose summary went out earlier shows why no SMS came this time.
            self._display.display('%s callback: notification SMS suppressed for %s: %s' % (PLUGIN_NAME, outcome['recipient'], outcome['note']))
        if delivery.problems:
            self._warn('notification SMS: %s' % ' '.join(delivery.problems))
        elif delivery.accepted:
            # One line at normal verbosity, so that a run's output shows that the callback did its work.
            self._display.display('%s callback: notification SMS sent to %s.' % (PLUGIN_NAME, ', '.join(delivery.accepted)))
