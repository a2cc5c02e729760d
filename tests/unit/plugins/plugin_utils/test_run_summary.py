# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.plugin_utils._run_summary import (
    MAX_DETAIL_LENGTH,
    build_variables,
    failure_reason,
    is_censored,
    should_send,
    task_event,
)
from ansible_collections.sipgate.io.plugins.module_utils._text import one_line
from ansible_collections.sipgate.io.plugins.plugin_utils._sms_text import build_message
from ansible_collections.sipgate.io.tests.unit.run_examples import CENSORED, Task, event, example_variables, summary


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


def test_long_messages_are_shortened_and_put_on_one_line():
    assert one_line('a\n  b\tc') == 'a b c'
    shortened = one_line('x' * 500, limit=MAX_DETAIL_LENGTH)
    assert len(shortened) == 100 and shortened.endswith('...')
    assert one_line(None) == ''
    assert one_line(['a', 'b']) == "['a', 'b']"


def test_no_log_result_gives_no_message():
    data = dict(CENSORED, exception={'msg': 'login failed with password TOPSECRET'})
    assert is_censored(data)
    assert failure_reason(data) == ''
    entry = task_event('web1', 'Log in', data)
    assert entry == {'host': 'web1', 'task': 'Log in', 'msg': '', 'summary': 'Log in'}


def test_no_log_task_gives_no_message_even_if_the_result_was_not_censored():
    entry = task_event('web1', 'Log in', {'failed': True, 'msg': 'TOPSECRET'}, Task(no_log=True))
    assert entry['msg'] == '' and entry['summary'] == 'Log in'


def test_no_log_loop_items_are_skipped():
    data = {'failed': True, 'msg': 'One or more items failed',
            'results': [dict(CENSORED, failed=True), {'failed': True, 'msg': 'item two broke'}]}
    assert failure_reason(data) == 'item two broke'
    data['results'][1] = dict(CENSORED, failed=True)
    assert failure_reason(data) == 'One or more items failed'


def test_should_send():
    failed = example_variables()
    green = build_variables('site.yml', [], {'web1': summary(ok=1)}, {}, {})
    only_unreachable = build_variables('site.yml', [], {'db1': summary(unreachable=1)}, {}, {})
    assert should_send(failed, {'failure'}) and should_send(failed, {'unreachable'})
    assert not should_send(green, {'failure', 'unreachable'})
    assert should_send(green, {'recap'})
    assert not should_send(only_unreachable, {'failure'})
    assert should_send(only_unreachable, {'unreachable'})
    only_failed = build_variables('site.yml', [], {'web1': summary(failures=1)}, {}, {})
    assert should_send(only_failed, {'failure'}) and not should_send(only_failed, {'unreachable'})
