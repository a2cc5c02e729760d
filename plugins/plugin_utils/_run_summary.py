# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own plugins.

"""What the callback remembers of a playbook run: failed and unreachable tasks, recap counts, template variables.

Controller-only code: it reads Ansible's task results and recap, never the network.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank, one_line

# A failed task's message is shortened to this many characters, so that one long message cannot crowd out the other hosts.
MAX_DETAIL_LENGTH = 100

# The recap columns, as named by AggregateStats.summarize(), and the names the template sees.
RECAP_COUNTS = (('ok', 'ok'), ('changed', 'changed'), ('failures', 'failed'), ('unreachable', 'unreachable'),
                ('skipped', 'skipped'), ('rescued', 'rescued'), ('ignored', 'ignored'))


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
            return one_line(value, limit=MAX_DETAIL_LENGTH)
    return ''


def result_parts(result):
    """``(host name, task name, result data, task)`` of the TaskResult a callback hook gets.

    ansible-core 2.19 and later have the attributes ``host``, ``task`` and ``result``; 2.16 to 2.18 only ``_host``,
    ``_task`` and ``_result`` (which 2.19 keeps as deprecated aliases).
    """
    def attribute(name):
        value = getattr(result, name, None)
        return value if value is not None else getattr(result, '_' + name)
    host = attribute('host')
    return host.get_name(), result.task_name, attribute('result'), attribute('task')


def task_event(host, task, data, task_obj=None):
    """What the summary keeps of one failed or unreachable result: host, task name and (unless no_log) its message."""
    task = one_line(task, limit=MAX_DETAIL_LENGTH)
    msg = '' if is_censored(data, task_obj) else failure_reason(data)
    summary = ': '.join(part for part in (task, msg) if part)
    return {'host': str(host), 'task': task, 'msg': msg, 'summary': summary}


def playbook_summaries(stats, previous_counts):
    """The recap counts of this playbook by host, and the cumulative counts to pass as ``previous_counts`` next time.

    Ansible's stats add up over the playbooks of one run, so the counts of earlier playbooks are subtracted.
    """
    summaries = {}
    current_counts = {}
    for host in sorted(getattr(stats, 'processed', {}) or {}):
        summary = stats.summarize(host)
        current_counts[host] = summary
        previous = previous_counts.get(host) or {}
        delta = dict((key, max(0, int(summary.get(key) or 0) - int(previous.get(key) or 0))) for key, dummy in RECAP_COUNTS)
        # A host of an earlier playbook that did nothing in this one is not part of its recap.
        if host not in previous_counts or any(delta.values()):
            summaries[host] = delta
    return summaries, current_counts


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
