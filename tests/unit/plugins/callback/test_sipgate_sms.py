# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import os

import pytest
import requests

from ansible import context
from ansible.executor.stats import AggregateStats
from ansible.module_utils.common.collections import ImmutableDict
from ansible.plugins.loader import callback_loader

from ansible_collections.sipgate.io.plugins.callback import sipgate_sms
from ansible_collections.sipgate.io.plugins.callback.sipgate_sms import (
    DEFAULT_TEMPLATE,
    build_message,
    build_variables,
    failure_reason,
    is_censored,
    one_line,
    should_send,
    task_event,
    template_problem,
)
from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info

TOKEN = '0b6c3b8e-5a1f-4c3e-9a57-5ad1b0c0ffee'
CENSORED = {'censored': "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
            'changed': False, '_ansible_no_log': True}


def summary(ok=0, changed=0, failures=0, unreachable=0, skipped=0, rescued=0, ignored=0):
    return dict(ok=ok, changed=changed, failures=failures, unreachable=unreachable, skipped=skipped, rescued=rescued, ignored=ignored)


def event(host, task, msg=''):
    return task_event(host, task, {'failed': True, 'msg': msg})


def example_variables(**kwargs):
    """The run of the issue: web1 and web2 failed, db1 unreachable, ok=10 in all."""
    summaries = {
        'web1': summary(ok=3, failures=1),
        'web2': summary(ok=4, failures=1),
        'web3': summary(ok=3),
        'db1': summary(unreachable=1),
    }
    failures = {
        'web1': [event('web1', 'Restart nginx', 'Service not found')],
        'web2': [event('web2', 'Migrate the database', 'Migration 42 failed:\n   duplicate key')],
    }
    unreachable = {'db1': [task_event('db1', 'Gathering Facts', {'unreachable': True, 'msg': 'Failed to connect to the host via ssh'})]}
    return build_variables('site.yml', ['Deploy'], summaries, failures, unreachable, **kwargs)


# Message building


def test_default_text_of_a_failed_run():
    text, problems = build_message(example_variables())
    assert problems == []
    assert text == ('Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), '
                    'web2 (Migrate the database: Migration 42 failed: duplicate key). 1 unreachable: db1. ok=10 failed=2 unreachable=1')
    assert message_info(text)['segments'] == 2


def test_default_text_of_a_green_run():
    variables = build_variables('site.yml', ['Deploy'], {'web1': summary(ok=7, changed=2), 'web2': summary(ok=3)}, {}, {})
    assert variables['status'] == 'OK' and not variables['failed']
    assert build_message(variables) == ('Ansible OK: site.yml. ok=10 failed=0 unreachable=0', [])


def test_default_text_in_check_mode_and_with_one_host():
    variables = build_variables('site.yml', [], {'web1': summary(failures=1)}, {'web1': [event('web1', 'Check')]}, {}, check_mode=True)
    assert build_message(variables)[0] == 'Ansible FAILED (check mode): site.yml. 1 host failed: web1 (Check). ok=0 failed=1 unreachable=0'


def test_only_unreachable_hosts():
    variables = build_variables('site.yml', [], {'db1': summary(unreachable=1), 'db2': summary(unreachable=1)}, {}, {})
    assert build_message(variables)[0] == 'Ansible FAILED: site.yml. 2 unreachable: db1, db2. ok=0 failed=0 unreachable=2'


def test_template_variables():
    variables = example_variables()
    assert variables['playbook'] == 'site.yml'
    assert variables['plays'] == ['Deploy']
    assert variables['failed_hosts'] == ['web1', 'web2']
    assert variables['unreachable_hosts'] == ['db1']
    assert variables['failures'][1] == {'host': 'web2', 'task': 'Migrate the database', 'msg': 'Migration 42 failed: duplicate key',
                                        'summary': 'Migrate the database: Migration 42 failed: duplicate key'}
    assert variables['unreachable'][0]['msg'] == 'Failed to connect to the host via ssh'
    assert variables['counts'] == dict(hosts=4, ok=10, changed=0, failed=2, unreachable=1, skipped=0, rescued=0, ignored=0)
    template = ('{{ status }}|{{ failed }}|{{ check_mode }}|{{ playbook }}|{{ plays | join(",") }}|{{ failed_hosts | join(",") }}|'
                '{% for f in failures %}{{ f.host }}/{{ f.task }}/{{ f.msg }};{% endfor %}|{{ unreachable_hosts | join(",") }}|'
                '{{ unreachable[0].task }}|{{ counts.hosts }} {{ counts.ok }} {{ counts.failed }} {{ counts.unreachable }}')
    text, problems = build_message(variables, template, max_segments=3)
    assert problems == []
    assert text == ('FAILED|True|False|site.yml|Deploy|web1,web2|web1/Restart nginx/Service not found;'
                    'web2/Migrate the database/Migration 42 failed: duplicate key;|db1|Gathering Facts|4 10 2 1')


def test_rescued_and_earlier_failures_are_not_counted():
    # web1 failed in a block whose rescue handled it, then failed for real: the recap counts one failure.
    # web2's only failure was rescued, so it is not a failed host at all.
    summaries = {'web1': summary(failures=1, rescued=1), 'web2': summary(ok=2, rescued=1)}
    failures = {'web1': [event('web1', 'Try', 'RESCUED'), event('web1', 'Deploy', 'broken')],
                'web2': [event('web2', 'Try', 'RESCUED')]}
    variables = build_variables('site.yml', [], summaries, failures, {})
    assert variables['failed_hosts'] == ['web1']
    assert [entry['task'] for entry in variables['failures']] == ['Deploy']
    assert 'RESCUED' not in build_message(variables)[0]
    assert variables['counts']['rescued'] == 2


def test_a_failed_host_without_recorded_task_is_still_named():
    variables = build_variables('site.yml', [], {'web1': summary(failures=1)}, {}, {})
    assert variables['failed_hosts'] == ['web1']
    assert build_message(variables)[0] == 'Ansible FAILED: site.yml. 1 host failed: web1. ok=0 failed=1 unreachable=0'


def test_a_host_that_failed_twice_lists_both_tasks():
    failures = {'web1': [event('web1', 'Deploy', 'broken'), event('web1', 'Cleanup', 'also broken')]}
    variables = build_variables('site.yml', [], {'web1': summary(failures=2)}, failures, {})
    assert 'web1 (Deploy: broken; Cleanup: also broken).' in build_message(variables)[0]


@pytest.mark.parametrize('max_segments', [1, 2, 3])
def test_text_is_cut_to_max_segments(max_segments):
    summaries = dict(('host%02d' % number, summary(failures=1)) for number in range(60))
    failures = dict((host, [event(host, 'Install the package', 'No package matching %s is available' % ('x' * 80))]) for host in summaries)
    text, dummy = build_message(build_variables('site.yml', [], summaries, failures, {}), max_segments=max_segments)
    assert message_info(text)['segments'] <= max_segments
    assert text.startswith('Ansible FAILED: site.yml. 60 hosts failed: host00')
    assert text.endswith('...')


def test_built_in_text_drops_messages_then_tasks_before_cutting():
    summaries = dict(('web%d' % number, summary(failures=1)) for number in range(1, 7))
    failures = dict((host, [event(host, 'Restart nginx', 'Service not found on this host, check the unit file')]) for host in summaries)
    variables = build_variables('site.yml', [], summaries, failures, {})
    full = build_message(variables, max_segments=10)[0]
    assert 'Service not found' in full
    tasks_only = build_message(variables, max_segments=2)[0]
    assert tasks_only.startswith('Ansible FAILED: site.yml. 6 hosts failed: web1 (Restart nginx), web2 (Restart nginx)')
    assert tasks_only.endswith('ok=0 failed=6 unreachable=0')
    hosts_only = build_message(variables, max_segments=1)[0]
    assert hosts_only == 'Ansible FAILED: site.yml. 6 hosts failed: web1, web2, web3, web4, web5, web6. ok=0 failed=6 unreachable=0'


def test_long_messages_are_shortened_and_put_on_one_line():
    assert one_line('a\n  b\tc') == 'a b c'
    shortened = one_line('x' * 500)
    assert len(shortened) == 100 and shortened.endswith('...')
    assert one_line(None) == ''
    assert one_line(['a', 'b']) == "['a', 'b']"


def test_unicode_text_is_cut_by_ucs2_parts():
    variables = build_variables('déploiement.yml', [], {'web1': summary(failures=1)}, {'web1': [event('web1', 'Привет', 'ошибка ' * 30)]}, {})
    text = build_message(variables, max_segments=2)[0]
    assert message_info(text)['encoding'] == 'ucs2'
    assert message_info(text)['segments'] <= 2


# no_log


def test_no_log_result_gives_no_message():
    data = dict(CENSORED, exception={'msg': 'login failed with password TOPSECRET'})
    assert is_censored(data)
    assert failure_reason(data) == ''
    entry = task_event('web1', 'Log in', data)
    assert entry == {'host': 'web1', 'task': 'Log in', 'msg': '', 'summary': 'Log in'}


class Task(object):
    def __init__(self, no_log=False, ignore_unreachable=None):
        self.no_log = no_log
        self.ignore_unreachable = ignore_unreachable


def test_no_log_task_gives_no_message_even_if_the_result_was_not_censored():
    entry = task_event('web1', 'Log in', {'failed': True, 'msg': 'TOPSECRET'}, Task(no_log=True))
    assert entry['msg'] == '' and entry['summary'] == 'Log in'


def test_no_log_loop_items_are_skipped():
    data = {'failed': True, 'msg': 'One or more items failed',
            'results': [dict(CENSORED, failed=True), {'failed': True, 'msg': 'item two broke'}]}
    assert failure_reason(data) == 'item two broke'
    data['results'][1] = dict(CENSORED, failed=True)
    assert failure_reason(data) == 'One or more items failed'


def test_no_log_message_never_reaches_the_sms():
    failures = {'web1': [task_event('web1', 'Log in with the password', dict(CENSORED, msg='TOPSECRET'))]}
    variables = build_variables('site.yml', [], {'web1': summary(failures=1)}, failures, {})
    text = build_message(variables, '{% for f in failures %}{{ f }}{% endfor %}')[0]
    assert 'TOPSECRET' not in text and 'Log in with the password' in text
    assert 'TOPSECRET' not in build_message(variables)[0]


def test_secrets_are_masked():
    variables = build_variables('site.yml', [], {'web1': summary(failures=1)}, {'web1': [event('web1', 'Call', 'token %s rejected' % TOKEN)]}, {})
    text = build_message(variables, secrets=[TOKEN, None])[0]
    assert TOKEN not in text and '********' in text


# Templates


@pytest.mark.parametrize('template', ['{{ status', '{% for %}', '{{ 1 + }}'])
def test_syntax_errors_are_found(template):
    assert 'not a valid Jinja2 template' in template_problem(template)


def test_valid_and_missing_templates():
    assert template_problem(None) is None
    assert template_problem(DEFAULT_TEMPLATE) is None
    assert template_problem('   ') == 'message_template is empty'


@pytest.mark.parametrize('template, reason', [
    ('{{ no_such_variable }}', "UndefinedError: 'no_such_variable' is undefined"),
    ('{{ counts.nothing }}', 'UndefinedError'),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 'SecurityError'),
    ('{{ 1 / 0 }}', 'ZeroDivisionError'),
])
def test_a_template_that_fails_falls_back_to_the_default(template, reason):
    text, problems = build_message(example_variables(), template)
    assert text.startswith('Ansible FAILED: site.yml. 2 hosts failed')
    assert len(problems) == 1 and reason in problems[0] and 'built-in template' in problems[0]


def test_a_blank_result_falls_back_to_the_default():
    text, problems = build_message(example_variables(), '{% if false %}x{% endif %}  ')
    assert text.startswith('Ansible FAILED') and 'blank' in problems[0]


def test_should_send():
    failed = example_variables()
    green = build_variables('site.yml', [], {'web1': summary(ok=1)}, {}, {})
    only_unreachable = build_variables('site.yml', [], {'db1': summary(unreachable=1)}, {}, {})
    assert should_send(failed, {'failure'}) and should_send(failed, {'unreachable'})
    assert not should_send(green, {'failure', 'unreachable'})
    assert should_send(green, {'recap'})
    assert not should_send(only_unreachable, {'failure'})
    assert should_send(only_unreachable, {'unreachable'})


# The plugin with Ansible's config and a stubbed network


class FakeDisplay(object):
    verbosity = 0

    def __init__(self):
        self.warnings = []

    def warning(self, msg, *args, **kwargs):
        self.warnings.append(msg)

    def display(self, *args, **kwargs):
        pass

    v = vv = vvv = vvvv = display


class FakeResponse(object):
    def __init__(self, status_code, body=b'', error=None):
        self.status_code = status_code
        self.content = body
        self.headers = {'Content-Type': 'application/json'} if body else {}
        self.error = error

    @property
    def text(self):
        return self.content.decode('utf-8', 'replace')


class Host(object):
    def __init__(self, name):
        self.name = name

    def get_name(self):
        return self.name


class Result(object):
    def __init__(self, host, task_name, data, task=None):
        self.host = Host(host)
        self.task_name = task_name
        self.result = data
        self.task = task or Task()


class Playbook(object):
    _file_name = '/srv/ansible/site.yml'


class Play(object):
    def __init__(self, name, check_mode=False):
        self.name = name
        self.check_mode = check_mode


SETTINGS = dict(token_id='token-SANDBX', token=TOKEN, sms_id='s0', recipients=['+4915799912345', '0157 99912346'],
                default_country_code='49', api_url='http://127.0.0.1:9/v2')


@pytest.fixture
def api(monkeypatch):
    """Stub requests at its boundary: record each request and answer with the next queued response (204 by default)."""
    calls = []
    answers = []

    def request(session, method, url, json=None, timeout=None, **kwargs):
        calls.append(dict(method=method, url=url, json=json, timeout=timeout, auth=session.auth))
        answer = answers.pop(0) if answers else FakeResponse(204)
        if answer.error is not None:
            raise answer.error
        return answer

    monkeypatch.setattr(requests.Session, 'request', request)
    return calls, answers


@pytest.fixture
def make_callback(monkeypatch):
    for name in list(os.environ):
        if name.startswith('SIPGATE_'):
            monkeypatch.delenv(name)
    monkeypatch.setattr(context, 'CLIARGS', ImmutableDict(check=False))

    def make(**options):
        callback = callback_loader.get('sipgate.io.sipgate_sms')
        assert callback is not None
        callback._display = FakeDisplay()
        callback.set_options(direct=options)
        return callback
    return make


def run_playbook(callback, stats, events, plays=(Play('Deploy'),)):
    callback.v2_playbook_on_start(Playbook())
    for play in plays:
        callback.v2_playbook_on_play_start(play)
    for kind, host, task_name, data, extra in events:
        stats.increment(kind, host)
        result = Result(host, task_name, data, extra.get('task'))
        if kind == 'failures':
            callback.v2_runner_on_failed(result, ignore_errors=False)
        elif kind == 'ignored':
            callback.v2_runner_on_failed(result, ignore_errors=True)
        elif kind == 'dark':
            callback.v2_runner_on_unreachable(result)
    callback.v2_playbook_on_stats(stats)


FAILING_EVENTS = [
    ('ok', 'web1', 'Setup', {}, {}),
    ('failures', 'web1', 'Restart nginx', {'failed': True, 'msg': 'Service not found'}, {}),
    ('ignored', 'web2', 'Optional', {'failed': True, 'msg': 'IGNORED'}, {}),
    ('failures', 'web2', 'Log in', dict(CENSORED, msg='TOPSECRET'), {'task': Task(no_log=True)}),
    ('dark', 'db1', 'Ping', {'unreachable': True, 'msg': 'ssh: connect to host db1 port 22: Connection refused'}, {}),
]


def test_one_sms_per_recipient_at_the_end(make_callback, api):
    calls, dummy = api
    callback = make_callback(**SETTINGS)
    assert not callback.disabled and callback._display.warnings == []
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert callback._display.warnings == []
    assert [call['json']['recipient'] for call in calls] == ['+4915799912345', '+4915799912346']
    for call in calls:
        assert call['method'] == 'POST' and call['url'] == 'http://127.0.0.1:9/v2/sessions/sms'
        assert set(call['json']) == {'smsId', 'recipient', 'message'} and call['json']['smsId'] == 's0'
        assert call['json']['message'] == ('Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (Log in). '
                                           '1 unreachable: db1. ok=1 failed=2 unreachable=1')
        assert call['auth'] == ('token-SANDBX', TOKEN)


def test_nothing_is_sent_for_a_green_run_unless_recap(make_callback, api):
    calls, dummy = api
    green = [('ok', 'web1', 'Setup', {}, {}), ('ignored', 'web1', 'Optional', {'failed': True, 'msg': 'IGNORED'}, {})]
    run_playbook(make_callback(**SETTINGS), AggregateStats(), green)
    assert calls == []
    run_playbook(make_callback(on=['recap'], **SETTINGS), AggregateStats(), green)
    assert [call['json']['message'] for call in calls] == ['Ansible OK: site.yml. ok=1 failed=0 unreachable=0'] * 2


def test_check_mode_sends_nothing_unless_asked(make_callback, api, monkeypatch):
    calls, dummy = api
    monkeypatch.setattr(context, 'CLIARGS', ImmutableDict(check=True))
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS)
    assert calls == []
    run_playbook(make_callback(send_in_check_mode=True, **SETTINGS), AggregateStats(), FAILING_EVENTS)
    assert len(calls) == 2 and calls[0]['json']['message'].startswith('Ansible FAILED (check mode): site.yml.')


def test_every_play_in_check_mode_counts_as_a_check_run(make_callback, api):
    calls, dummy = api
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS, plays=[Play('a', check_mode=True), Play('b', check_mode=True)])
    assert calls == []
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS, plays=[Play('a', check_mode=True), Play('b')])
    assert len(calls) == 2


def test_missing_options_disable_with_one_warning(make_callback, api):
    calls, dummy = api
    callback = make_callback()
    assert callback.disabled
    assert len(callback._display.warnings) == 1
    warning = callback._display.warnings[0]
    assert warning.startswith('sipgate.io.sipgate_sms callback: disabled, no SMS will be sent: No sipgate credentials')
    assert 'sms_id is not set' in warning and 'recipients is not set' in warning


@pytest.mark.parametrize('options, expected', [
    (dict(recipients=['+4915799912345', '12345']), "recipient 2: '12345' is not a valid phone number"),
    (dict(recipients=['015799912345'], default_country_code=None), 'national number'),
    (dict(default_country_code='0049'), 'default_country_code'),
    (dict(sms_id='x1'), "sms_id 'x1' is not a Web SMS extension id"),
    (dict(api_url='http://api.example.com/v2'), 'plain http'),
    (dict(access_token='abc'), 'mutually exclusive'),
    (dict(retries=11), 'retries must be between 0 and 10'),
    (dict(timeout=0.0), 'timeout must be a positive number'),
    (dict(max_segments=0), 'max_segments must be between 1 and 10'),
    (dict(on=['sometimes']), 'sometimes'),
    (dict(on=[]), 'on is empty'),
])
def test_invalid_options_disable_with_one_warning(make_callback, options, expected):
    callback = make_callback(**dict(SETTINGS, **options))
    assert callback.disabled
    assert len(callback._display.warnings) == 1 and expected in callback._display.warnings[0]
    assert TOKEN not in callback._display.warnings[0]


def test_options_from_the_environment(make_callback, api, monkeypatch):
    calls, dummy = api
    monkeypatch.setenv('SIPGATE_TOKEN_ID', 'token-SANDBX')
    monkeypatch.setenv('SIPGATE_TOKEN', TOKEN)
    monkeypatch.setenv('SIPGATE_SMS_ID', 's1')
    monkeypatch.setenv('SIPGATE_RECIPIENTS', '+49 157 99912345, 0049 157 99912345 ,+4915799912346')
    monkeypatch.setenv('SIPGATE_API_URL', 'http://localhost:9/v2')
    monkeypatch.setenv('SIPGATE_NOTIFY_ON', 'recap')
    monkeypatch.setenv('SIPGATE_MAX_SEGMENTS', '1')
    monkeypatch.setenv('SIPGATE_MESSAGE_TEMPLATE', '{{ status }} {{ playbook }}')
    monkeypatch.setenv('SIPGATE_TIMEOUT', '2.5')
    monkeypatch.setenv('SIPGATE_RETRIES', '0')
    callback = make_callback()
    assert not callback.disabled, callback._display.warnings
    run_playbook(callback, AggregateStats(), [('ok', 'web1', 'Setup', {}, {})])
    # Duplicates after normalisation get one SMS.
    assert [(call['json']['recipient'], call['json']['smsId'], call['json']['message'], call['timeout']) for call in calls] == [
        ('+4915799912345', 's1', 'OK site.yml', 2.5), ('+4915799912346', 's1', 'OK site.yml', 2.5)]


def test_a_broken_template_warns_and_uses_the_default(make_callback, api):
    calls, dummy = api
    callback = make_callback(message_template='{{ status', **SETTINGS)
    assert not callback.disabled
    assert len(callback._display.warnings) == 1 and 'not a valid Jinja2 template' in callback._display.warnings[0]
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert calls[0]['json']['message'].startswith('Ansible FAILED: site.yml.')


def test_an_api_error_is_a_warning(make_callback, api):
    calls, answers = api
    answers.extend([FakeResponse(500, b'{"message": "boom"}'), FakeResponse(204)])
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(calls) == 2
    assert len(callback._display.warnings) == 1
    assert 'reached 1 of 2 recipient(s)' in callback._display.warnings[0] and 'HTTP 500' in callback._display.warnings[0]


def test_an_account_wide_error_stops_after_the_first_recipient(make_callback, api):
    calls, answers = api
    answers.append(FakeResponse(401, b'{"message": "Invalid token"}'))
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(calls) == 1
    assert 'Not tried for +4915799912346.' in callback._display.warnings[0]
    assert TOKEN not in callback._display.warnings[0]


def test_a_connection_error_is_a_warning(make_callback, api):
    calls, answers = api
    answers.extend([FakeResponse(None, error=requests.exceptions.ConnectionError('Connection refused'))] * 3)
    callback = make_callback(retries=0, **SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(calls) == 1
    assert 'refused' in callback._display.warnings[0]


def test_a_bug_in_a_hook_becomes_a_warning(make_callback, api):
    calls, dummy = api
    callback = make_callback(**SETTINGS)
    callback.v2_runner_on_failed(object())
    callback.v2_playbook_on_stats(None)
    assert len(callback._display.warnings) == 1
    assert 'internal error in v2_runner_on_failed' in callback._display.warnings[0]
    assert calls == []


def test_a_failing_send_never_raises(make_callback, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError('unexpected')

    monkeypatch.setattr(sipgate_sms, 'build_message', explode)
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(callback._display.warnings) == 1 and 'internal error in v2_playbook_on_stats (RuntimeError: unexpected)' in callback._display.warnings[0]


def test_each_playbook_reports_its_own_recap(make_callback, api):
    calls, dummy = api
    callback = make_callback(on=['recap'], **SETTINGS)
    stats = AggregateStats()
    run_playbook(callback, stats, [('ok', 'web1', 'Setup', {}, {}), ('ok', 'web2', 'Setup', {}, {})])
    run_playbook(callback, stats, [('failures', 'web1', 'Deploy', {'failed': True, 'msg': 'broken'}, {})])
    messages = [call['json']['message'] for call in calls[::2]]
    assert messages == ['Ansible OK: site.yml. ok=2 failed=0 unreachable=0',
                        'Ansible FAILED: site.yml. 1 host failed: web1 (Deploy: broken). ok=0 failed=1 unreachable=0']


def test_ignored_unreachable_is_not_reported(make_callback, api):
    calls, dummy = api
    callback = make_callback(**SETTINGS)
    stats = AggregateStats()
    callback.v2_playbook_on_start(Playbook())
    callback.v2_runner_on_unreachable(Result('db1', 'Ping', {'unreachable': True, 'msg': 'down'}, Task(ignore_unreachable=True)))
    stats.increment('ok', 'db1')
    stats.increment('ignored', 'db1')
    callback.v2_playbook_on_stats(stats)
    assert calls == []
