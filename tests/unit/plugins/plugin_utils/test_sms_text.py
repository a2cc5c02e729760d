# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info
from ansible_collections.sipgate.io.plugins.plugin_utils._run_summary import build_variables, task_event
from ansible_collections.sipgate.io.plugins.plugin_utils._sms_text import DEFAULT_TEMPLATE, build_message, template_problem
from ansible_collections.sipgate.io.tests.unit.run_examples import CENSORED, TOKEN, event, example_variables, summary


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


def test_unicode_text_is_cut_by_ucs2_parts():
    variables = build_variables('déploiement.yml', [], {'web1': summary(failures=1)}, {'web1': [event('web1', 'Привет', 'ошибка ' * 30)]}, {})
    text = build_message(variables, max_segments=2)[0]
    assert message_info(text)['encoding'] == 'ucs2'
    assert message_info(text)['segments'] <= 2


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


def test_control_characters_of_task_messages_are_left_out():
    """A colourised message (ANSI escapes) must not make the SMS UCS-2 or show garbage."""
    variables = build_variables('site.yml', [], {'web1': summary(failures=1)},
                                {'web1': [event('web1', 'Build', '\x1b[31mcompile error\x1b[0m\x00')]}, {})
    text, problems = build_message(variables)
    assert text == 'Ansible FAILED: site.yml. 1 host failed: web1 (Build: [31mcompile error[0m). ok=0 failed=1 unreachable=0'
    assert message_info(text)['encoding'] == 'gsm7'
    text, problems = build_message(variables, template='{{ failures[0].msg }}')
    assert text == '[31mcompile error[0m' and problems == []


def test_the_same_failures_give_the_same_text_whichever_host_failed_first():
    # With forks, the hosts fail in another order on each run; once_within needs the same text for the same failures.
    def variables(order, unreachable_order):
        failures = dict((host, [event(host, 'Restart nginx', 'Service not found')]) for host in order)
        unreachable = dict((host, [event(host, 'Gathering Facts')]) for host in unreachable_order)
        summaries = dict((host, summary(ok=3, failures=1)) for host in order)
        summaries.update((host, summary(unreachable=1)) for host in unreachable_order)
        return build_variables('site.yml', ['Deploy'], summaries, failures, unreachable)

    first = build_message(variables(['web3', 'web1', 'web2'], ['db2', 'db1']))[0]
    again = build_message(variables(['web2', 'web3', 'web1'], ['db1', 'db2']))[0]
    assert first == again == ('Ansible FAILED: site.yml. 3 hosts failed: web1 (Restart nginx: Service not found), '
                              'web2 (Restart nginx: Service not found), web3 (Restart nginx: Service not found). '
                              '2 unreachable: db1, db2. ok=9 failed=3 unreachable=2')
    other = build_message(variables(['web1', 'web2'], ['db1', 'db2']))[0]
    assert other != first
