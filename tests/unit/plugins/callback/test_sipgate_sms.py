# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The callback plugin as Ansible loads and drives it, with the API replayed at the requests boundary."""

from __future__ import annotations

import base64
import datetime
import json
import tempfile

import pytest
import requests

from ansible import context
from ansible.executor.stats import AggregateStats
from ansible.module_utils.common.collections import ImmutableDict
from ansible.plugins.loader import callback_loader

from ansible_collections.sipgate.io.plugins.callback import sipgate_sms
from ansible_collections.sipgate.io.plugins.module_utils import _sender
from ansible_collections.sipgate.io.plugins.module_utils._lock import held
from ansible_collections.sipgate.io.plugins.module_utils._sender import lock_key
from ansible_collections.sipgate.io.tests.unit.replay import answered_together, json_answer, load_fixture, no_content, read_timeout, refused
from ansible_collections.sipgate.io.tests.unit.run_examples import CENSORED, TOKEN, TOKEN_ID, FakeDisplay, LegacyResult, Play, Playbook, Result, Task

SETTINGS = dict(token_id=TOKEN_ID, token=TOKEN, sms_id='s0', recipients=['+4915799912345', '0157 99912346'],
                default_country_code='49', api_url='http://127.0.0.1:9/v2')


@pytest.fixture
def sent(api):
    """The API answers every request with 204 unless a test queues other answers; returns the SMS that were posted."""
    api.default = no_content()
    return api


def posted(api):
    return [json.loads(request.body.decode('utf-8')) for request in api.requests]


@pytest.fixture
def make_callback(api, monkeypatch):
    monkeypatch.setattr(context, 'CLIARGS', ImmutableDict(check=False))

    def make(**options):
        callback = callback_loader.get('sipgate.io.sipgate_sms')
        assert callback is not None
        callback._display = FakeDisplay()
        callback.set_options(direct=options)
        return callback
    return make


def run_playbook(callback, stats, events, plays=(Play('Deploy'),), result_class=Result):
    callback.v2_playbook_on_start(Playbook())
    for play in plays:
        callback.v2_playbook_on_play_start(play)
    for kind, host, task_name, data, extra in events:
        stats.increment(kind, host)
        result = result_class(host, task_name, data, extra.get('task'))
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


def test_one_sms_per_recipient_at_the_end(make_callback, sent):
    callback = make_callback(**SETTINGS)
    assert not callback.disabled and callback._display.warnings == []
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert callback._display.warnings == []
    # One line at normal verbosity says that it sent, and to whom; nothing else is shown.
    assert callback._display.lines == ['sipgate.io.sipgate_sms callback: notification SMS sent to +4915799912345, +4915799912346.']
    assert [body['recipient'] for body in posted(sent)] == ['+4915799912345', '+4915799912346']
    for request, body in zip(sent.requests, posted(sent)):
        assert request.method == 'POST' and request.url == 'http://127.0.0.1:9/v2/sessions/sms'
        assert set(body) == {'smsId', 'recipient', 'message'} and body['smsId'] == 's0'
        assert body['message'] == ('Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (Log in). '
                                   '1 unreachable: db1. ok=1 failed=2 unreachable=1')
        assert request.headers['Authorization'] == requests.auth._basic_auth_str(TOKEN_ID, TOKEN)


def test_nothing_is_sent_for_a_green_run_unless_recap(make_callback, sent):
    green = [('ok', 'web1', 'Setup', {}, {}), ('ignored', 'web1', 'Optional', {'failed': True, 'msg': 'IGNORED'}, {})]
    run_playbook(make_callback(**SETTINGS), AggregateStats(), green)
    assert sent.requests == []
    run_playbook(make_callback(on=['recap'], **SETTINGS), AggregateStats(), green)
    assert [body['message'] for body in posted(sent)] == ['Ansible OK: site.yml. ok=1 failed=0 unreachable=0'] * 2


def test_check_mode_sends_nothing_unless_asked(make_callback, sent, monkeypatch):
    monkeypatch.setattr(context, 'CLIARGS', ImmutableDict(check=True))
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS)
    assert sent.requests == []
    run_playbook(make_callback(send_in_check_mode=True, **SETTINGS), AggregateStats(), FAILING_EVENTS)
    assert len(sent.requests) == 2 and posted(sent)[0]['message'].startswith('Ansible FAILED (check mode): site.yml.')


def test_every_play_in_check_mode_counts_as_a_check_run(make_callback, sent):
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS, plays=[Play('a', check_mode=True), Play('b', check_mode=True)])
    assert sent.requests == []
    run_playbook(make_callback(**SETTINGS), AggregateStats(), FAILING_EVENTS, plays=[Play('a', check_mode=True), Play('b')])
    assert len(sent.requests) == 2


def test_missing_options_disable_with_one_warning(make_callback):
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


def test_options_from_the_environment(make_callback, sent, monkeypatch):
    monkeypatch.setenv('SIPGATE_TOKEN_ID', TOKEN_ID)
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
    assert [(body['recipient'], body['smsId'], body['message'], options['timeout'])
            for body, options in zip(posted(sent), sent.send_options)] == [
        ('+4915799912345', 's1', 'OK site.yml', 2.5), ('+4915799912346', 's1', 'OK site.yml', 2.5)]


def test_a_broken_template_warns_and_uses_the_default(make_callback, sent):
    callback = make_callback(message_template='{{ status', **SETTINGS)
    assert not callback.disabled
    assert len(callback._display.warnings) == 1 and 'not a valid Jinja2 template' in callback._display.warnings[0]
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert posted(sent)[0]['message'].startswith('Ansible FAILED: site.yml.')


def test_an_api_error_is_a_warning(make_callback, api):
    api.answers = [json_answer(500, data={'message': 'boom'}), no_content(), json_answer(403, 'error_403.json')]
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    # A 500 to the POST is an unknown outcome: the history is read (the token may not), the SMS is not sent again.
    assert api.methods == ['POST', 'POST', 'GET']
    assert len(callback._display.warnings) == 1
    assert 'The SMS reached 1 of 2 recipients; for +4915799912345 the API may have accepted it' in callback._display.warnings[0]
    assert 'HTTP 500' in callback._display.warnings[0]


def test_after_the_first_sms_the_others_are_sent_at_once(make_callback, api):
    # Like the module by default: the second and third answer only once both are in flight.
    api.answers = [no_content()]
    api.default = answered_together(2)
    callback = make_callback(**dict(SETTINGS, recipients=SETTINGS['recipients'] + ['+4915799912347']))
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert callback._display.warnings == []
    assert sorted(body['recipient'] for body in posted(api)) == ['+4915799912345', '+4915799912346', '+4915799912347']


def test_an_account_wide_error_stops_after_the_first_recipient(make_callback, api):
    api.answers = [json_answer(401, data={'message': 'Invalid token'})]
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(api.requests) == 1
    assert 'reached 0 of 2 recipients; +4915799912345, +4915799912346 did not get it' in callback._display.warnings[0]
    assert TOKEN not in callback._display.warnings[0]


def test_a_connection_error_is_a_warning(make_callback, api):
    api.answers = [refused] * 3
    callback = make_callback(retries=0, **SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(api.requests) == 1
    assert 'refused' in callback._display.warnings[0]


def test_a_bug_in_a_hook_becomes_a_warning(make_callback, api):
    callback = make_callback(**SETTINGS)
    callback.v2_runner_on_failed(object())
    callback.v2_playbook_on_stats(None)
    assert len(callback._display.warnings) == 1
    assert 'internal error in v2_runner_on_failed' in callback._display.warnings[0]
    assert api.requests == []


def test_a_failing_send_never_raises(make_callback, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError('unexpected')

    monkeypatch.setattr(sipgate_sms, 'build_message', explode)
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert len(callback._display.warnings) == 1 and 'internal error in v2_playbook_on_stats (RuntimeError: unexpected)' in callback._display.warnings[0]


def test_each_playbook_reports_its_own_recap(make_callback, sent):
    callback = make_callback(on=['recap'], **SETTINGS)
    stats = AggregateStats()
    run_playbook(callback, stats, [('ok', 'web1', 'Setup', {}, {}), ('ok', 'web2', 'Setup', {}, {})])
    run_playbook(callback, stats, [('failures', 'web1', 'Deploy', {'failed': True, 'msg': 'broken'}, {})])
    messages = [body['message'] for body in posted(sent)[::2]]
    assert messages == ['Ansible OK: site.yml. ok=2 failed=0 unreachable=0',
                        'Ansible FAILED: site.yml. 1 host failed: web1 (Deploy: broken). ok=0 failed=1 unreachable=0']


def test_ignored_unreachable_is_not_reported(make_callback, api):
    callback = make_callback(**SETTINGS)
    stats = AggregateStats()
    callback.v2_playbook_on_start(Playbook())
    callback.v2_runner_on_unreachable(Result('db1', 'Ping', {'unreachable': True, 'msg': 'down'}, Task(ignore_unreachable=True)))
    stats.increment('ok', 'db1')
    stats.increment('ignored', 'db1')
    callback.v2_playbook_on_stats(stats)
    assert api.requests == []


def test_an_sms_the_api_may_have_accepted_is_told_as_unknown(make_callback, api):
    api.answers = [read_timeout, no_content(), json_answer(403, 'error_403.json')]
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert api.methods == ['POST', 'POST', 'GET']
    assert len(callback._display.warnings) == 1
    warning = callback._display.warnings[0]
    assert warning.startswith('sipgate.io.sipgate_sms callback: notification SMS: The SMS reached 1 of 2 recipients; '
                              'for +4915799912345 the API may have accepted it without confirming it, so it was not sent again')
    assert 'did not answer within' in warning
    assert warning.endswith('The account history could not be checked for it: the token lacks the scope history:read.')


def test_an_sms_whose_answer_was_lost_is_settled_by_the_history(make_callback, api):
    posted_first = []

    def answer(request):
        # The history shows the SMS the first POST sent, dated now, as the API keeps it.
        if request.method == 'POST':
            posted_first.append(json.loads(request.body.decode('utf-8')))
            return json_answer(503, 'error_503.json') if len(posted_first) == 1 else no_content()
        history = load_fixture('history_sms.json')
        now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        history['items'][0].update(target=posted_first[0]['recipient'], smsContent=posted_first[0]['message'], created=now)
        return json_answer(200, data=history)
    api.next_answer = answer
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert api.methods == ['POST', 'POST', 'GET']
    assert callback._display.warnings == []


def test_every_problem_is_in_the_one_warning_that_disables_it(make_callback):
    callback = make_callback(**dict(SETTINGS, recipients=None, default_country_code='0049', sms_id=None))
    assert callback.disabled and len(callback._display.warnings) == 1
    for problem in ('sms_id is not set', 'recipients is not set', 'default_country_code'):
        assert problem in callback._display.warnings[0]


def test_no_sms_while_a_task_on_this_machine_has_switched_the_sender(make_callback, api, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    monkeypatch.setattr(_sender, 'LOCK_WAIT', 0.1)
    callback = make_callback(**SETTINGS)
    with held(lock_key(SETTINGS['api_url'], 's0'), exclusive=True):
        run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert api.requests == []
    assert len(callback._display.warnings) == 1
    assert 'no SMS sent: Waited 0.' in callback._display.warnings[0]
    assert 'for another task on this machine to set the sender of s0 back, and gave up' in callback._display.warnings[0]


def test_results_of_ansible_core_before_2_19(make_callback, sent):
    """ansible-core 2.16 to 2.18 pass TaskResults with only _host, _task and _result."""
    callback = make_callback(**SETTINGS)
    run_playbook(callback, AggregateStats(), FAILING_EVENTS, result_class=LegacyResult)
    assert callback._display.warnings == []
    assert posted(sent)[0]['message'] == ('Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), '
                                          'web2 (Log in). 1 unreachable: db1. ok=1 failed=2 unreachable=1')
    callback.v2_playbook_on_start(Playbook())
    callback.v2_runner_on_unreachable(LegacyResult('db1', 'Ping', {'unreachable': True, 'msg': 'down'}, Task(ignore_unreachable=True)))
    assert callback._unreachable_events == {} and callback._display.warnings == []


ENVIRONMENT = dict(SIPGATE_TOKEN_ID=TOKEN_ID, SIPGATE_TOKEN=TOKEN, SIPGATE_SMS_ID='s0', SIPGATE_RECIPIENTS='+4915799912345')


@pytest.mark.parametrize('name', ['SIPGATE_VALIDATE_CERTS', 'SIPGATE_API_URL', 'SIPGATE_NOTIFY_ON', 'SIPGATE_TIMEOUT',
                                  'SIPGATE_MAX_SEGMENTS', 'SIPGATE_SEND_IN_CHECK_MODE', 'SIPGATE_ACCESS_TOKEN'])
def test_an_empty_environment_variable_means_the_default(make_callback, monkeypatch, name):
    """As AWX injectors set the fields a user left empty."""
    for key, value in ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv(name, ' ')
    callback = make_callback()
    assert not callback.disabled, callback._display.warnings
    assert callback._display.warnings == []
    client = callback._settings['client']
    assert client['validate_certs'] is True and client['api_url'] == 'https://api.sipgate.com/v2' and client['timeout'] == 30
    assert callback._settings['on'] == frozenset(['failure', 'unreachable']) and callback._settings['max_segments'] == 2
    assert callback._settings['send_in_check_mode'] is False
    import os
    assert os.environ[name] == ' '


@pytest.mark.parametrize('name, value', [('SIPGATE_VALIDATE_CERTS', 'perhaps'), ('SIPGATE_VALIDATE_CERTS', 'ture'),
                                         ('SIPGATE_VALIDATE_CERTS', 'flase'), ('SIPGATE_SEND_IN_CHECK_MODE', 'sometimes')])
def test_an_invalid_boolean_disables_the_callback(make_callback, sent, monkeypatch, name, value):
    """Never a weaker TLS: Ansible itself reads any unknown text as false."""
    for key, item in ENVIRONMENT.items():
        monkeypatch.setenv(key, item)
    monkeypatch.setenv(name, value)
    callback = make_callback()
    assert callback.disabled
    option = name[len('SIPGATE_'):].lower()
    assert len(callback._display.warnings) == 1
    assert "%s is '%s', which is not a boolean" % (option, value) in callback._display.warnings[0]
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert sent.requests == []


def test_the_sms_text_never_shows_any_form_of_the_credentials(make_callback, sent):
    basic = base64.b64encode(('%s:%s' % (TOKEN_ID, TOKEN)).encode()).decode()
    leaky = [('failures', 'web1', 'Call the API', {'failed': True, 'msg': 'sent Authorization: Basic %s and %s' % (basic, TOKEN)}, {})]
    callback = make_callback(**dict(SETTINGS, token=TOKEN + '\n'))
    run_playbook(callback, AggregateStats(), leaky)
    message = posted(sent)[0]['message']
    assert basic not in message and TOKEN not in message and 'Basic ********' in message
    assert sent.requests[0].headers['Authorization'] == requests.auth._basic_auth_str(TOKEN_ID, TOKEN)


FAILING_TEXT = ('Ansible FAILED: site.yml. 2 hosts failed: web1 (Restart nginx: Service not found), web2 (Log in). '
                '1 unreachable: db1. ok=1 failed=2 unreachable=1')


def test_once_within_suppresses_the_summary_a_recipient_got_within_the_window(make_callback, api, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    history = load_fixture('history_sms.json')
    ten_minutes_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    history['items'][0].update(target='+4915799912345', smsContent=FAILING_TEXT, created=ten_minutes_ago.strftime('%Y-%m-%dT%H:%M:%SZ'))
    history['items'][1].update(target='+4915799912346', smsContent='Ansible FAILED: site.yml. Another failure.')
    api.answers = [json_answer(200, data=history), no_content()]
    callback = make_callback(**dict(SETTINGS, once_within='1h'))
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert callback._display.warnings == []
    assert [post['recipient'] for post in api.posts] == ['+4915799912346']
    assert 'connectionIds=s0' in api.requests[0].url
    assert callback._display.lines == [
        'sipgate.io.sipgate_sms callback: notification SMS suppressed for +4915799912345: The same SMS went to +4915799912345 '
        'at %s (history entry 100000002), within once_within 1h; not sent again.' % ten_minutes_ago.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'sipgate.io.sipgate_sms callback: notification SMS sent to +4915799912346.',
    ]


def test_once_within_without_history_read_sends_nothing_and_says_why(make_callback, api, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    api.answers = [json_answer(403, 'error_403.json')]
    callback = make_callback(**dict(SETTINGS, once_within='15m'))
    run_playbook(callback, AggregateStats(), FAILING_EVENTS)
    assert api.methods == ['GET']
    assert len(callback._display.warnings) == 1
    assert callback._display.warnings[0].startswith(
        'sipgate.io.sipgate_sms callback: no SMS sent: once_within needs the account history to tell who got this SMS within 15m, '
        'and it could not be read: ')
    assert 'history:read' in callback._display.warnings[0]
    assert callback._display.lines == []


def test_an_invalid_once_within_disables_the_callback(make_callback):
    callback = make_callback(**dict(SETTINGS, once_within='soon'))
    assert callback.disabled and len(callback._display.warnings) == 1
    assert "once_within 'soon' is not a duration" in callback._display.warnings[0]
