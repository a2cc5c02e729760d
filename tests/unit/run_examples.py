# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Playbook runs for the callback's unit tests: recap counts, task results and the objects Ansible passes to hooks."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.plugin_utils._run_summary import build_variables, task_event

from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID  # noqa: F401  pylint: disable=unused-import
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


class Task(object):
    def __init__(self, no_log=False, ignore_unreachable=None):
        self.no_log = no_log
        self.ignore_unreachable = ignore_unreachable


class FakeDisplay(object):
    verbosity = 0

    def __init__(self):
        self.warnings = []
        self.lines = []

    def warning(self, msg, *args, **kwargs):
        self.warnings.append(msg)

    def display(self, msg, *args, **kwargs):
        """What is shown at normal verbosity."""
        self.lines.append(msg)

    def verbose(self, *args, **kwargs):
        pass

    v = vv = vvv = vvvv = verbose


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


class LegacyResult(object):
    """A TaskResult as ansible-core 2.16 to 2.18 pass it: only _host, _task and _result, besides task_name."""

    def __init__(self, host, task_name, data, task=None):
        self._host = Host(host)
        self._task = task or Task()
        self._result = data
        self.task_name = task_name


class Playbook(object):
    _file_name = '/srv/ansible/site.yml'


class Play(object):
    def __init__(self, name, check_mode=False):
        self.name = name
        self.check_mode = check_mode
