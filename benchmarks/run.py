#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark sipgate.io.sipgate_sms against ansible.builtin.uri and an ansible.builtin.ping play.

Usage: python benchmarks/run.py [--runs N] [--quick]

Sets up the virtualenv .venv and stages the collection the way scripts/demo.sh does, starts the local sipgate API
sandbox on 127.0.0.1, runs every scenario N times with ansible-playbook (interleaved, so drift hits all scenarios
alike), checks after each run that the sandbox outbox got exactly one SMS per recipient, and prints a Markdown table
of medians with the targets of the module. The table is also written to benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS_DIR = os.path.join(REPO_ROOT, 'benchmarks', 'results')
REQUIREMENTS = os.path.join(REPO_ROOT, 'tests', 'utils', 'requirements.txt')

# The sandbox package and its client live in tests/.
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests'))
from sandbox.client import SandboxProcess  # noqa: E402  pylint: disable=wrong-import-position
from sandbox.config import TOKEN, TOKEN_ID  # noqa: E402  pylint: disable=wrong-import-position
SMS_ID = 's0'
MESSAGE = 'Benchmark: shop 2.4.1 deployed to 3 hosts.'
MANY = 20
# Only with latency, and without a uri baseline: a uri loop over 200 recipients takes minutes per run.
BULK = 200
LATENCY_MS = 100
RECIPIENTS = ['+4915799912%03d' % index for index in range(BULK)]
# Hosts in the play where each host sends its own SMS (to its own recipient), at as many forks.
HOSTS = 10

PLAY_HEADER = '''---
- name: Benchmark
  hosts: all
  gather_facts: false
  tasks:
'''

PING_TASK = '''    - name: Ping (the floor of a one-task play)
      ansible.builtin.ping:
      delegate_to: localhost
'''

# The module's task as the README writes it: no delegate_to, so it runs in the controller process.
MODULE_TASK = '''    - name: Send the SMS with sipgate.io.sipgate_sms
      sipgate.io.sipgate_sms:
        api_url: "{{ api_url }}"
        token_id: "{{ token_id }}"
        token: "{{ token }}"
        sms_id: "{{ sms_id }}"
        to: "{{ recipients }}"
        msg: "{{ text }}"
'''

# The fair baseline: the same JSON body, Basic auth with the same credentials, one request per recipient.
URI_TASK = '''    - name: Send the SMS with ansible.builtin.uri
      ansible.builtin.uri:
        url: "{{ api_url }}/sessions/sms"
        method: POST
        url_username: "{{ token_id }}"
        url_password: "{{ token }}"
        force_basic_auth: true
        body_format: json
        body:
          smsId: "{{ sms_id }}"
          recipient: "{{ item }}"
          message: "{{ text }}"
        status_code: 204
      loop: "{{ recipients }}"
      delegate_to: localhost
'''

# name, playbook task, recipients, sandbox latency in ms, hosts (each host sends to its own recipient, at as many forks)
SCENARIOS = [
    ('ping', PING_TASK, 0, 0, 1),
    ('sms_1', MODULE_TASK, 1, 0, 1),
    ('uri_1', URI_TASK, 1, 0, 1),
    ('sms_hosts', MODULE_TASK, HOSTS, 0, HOSTS),
    ('uri_hosts', URI_TASK, HOSTS, 0, HOSTS),
    ('sms_20', MODULE_TASK, MANY, 0, 1),
    ('uri_20', URI_TASK, MANY, 0, 1),
    ('sms_1_lat', MODULE_TASK, 1, LATENCY_MS, 1),
    ('uri_1_lat', URI_TASK, 1, LATENCY_MS, 1),
    ('sms_20_lat', MODULE_TASK, MANY, LATENCY_MS, 1),
    ('uri_20_lat', URI_TASK, MANY, LATENCY_MS, 1),
    ('sms_200_lat', MODULE_TASK, BULK, LATENCY_MS, 1),
]

LABELS = {
    'ping': '`ansible.builtin.ping` play (one module run)',
    'sms_1': '1 SMS, `sipgate.io.sipgate_sms`',
    'uri_1': '1 SMS, `ansible.builtin.uri` (baseline)',
    'sms_hosts': '%d hosts at forks=%d, each its own SMS, `sipgate_sms`' % (HOSTS, HOSTS),
    'uri_hosts': '%d hosts at forks=%d, each its own SMS, `uri` (baseline)' % (HOSTS, HOSTS),
    'sms_20': '20 recipients, one `sipgate_sms` task',
    'uri_20': '20 recipients, `uri` loop (baseline)',
    'sms_1_lat': '+100 ms latency: 1 SMS, `sipgate_sms`',
    'uri_1_lat': '+100 ms latency: 1 SMS, `uri` (baseline)',
    'sms_20_lat': '+100 ms latency: 20 recipients, `sipgate_sms`',
    'uri_20_lat': '+100 ms latency: 20 recipients, `uri` loop (baseline)',
    'sms_200_lat': '+100 ms latency: 200 recipients, `sipgate_sms`',
}

# The targets, as ratios of two medians of one run: (text, numerator, denominator, highest ratio that meets it).
TARGETS = [
    ('one SMS at most 0.65x `uri`', 'sms_1', 'uri_1', 0.65),
    ('one SMS at most 0.85x a `ping` play', 'sms_1', 'ping', 0.85),
    ('%d hosts at forks=%d, each sending its own SMS, at most 0.5x the same with `uri`' % (HOSTS, HOSTS), 'sms_hosts', 'uri_hosts', 0.5),
    ('200 recipients at 100 ms latency at most 2.5x one recipient at 100 ms', 'sms_200_lat', 'sms_1_lat', 2.5),
    ('20 recipients at 100 ms latency at most 1.3x one recipient at 100 ms', 'sms_20_lat', 'sms_1_lat', 1.3),
    ('20 recipients at most 0.2x a `uri` loop (5x faster)', 'sms_20', 'uri_20', 0.2),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Benchmark sipgate.io.sipgate_sms against ansible.builtin.uri on the local sandbox.')
    parser.add_argument('--runs', type=int, default=5, help='timed runs per scenario (default 5)')
    parser.add_argument('--quick', action='store_true', help='3 runs per scenario')
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 3
    if args.runs < 1:
        parser.error('--runs must be at least 1')
    return args


def log(text):
    sys.stderr.write('==> %s\n' % text)
    sys.stderr.flush()


def prepare(build_dir):
    """Create/update .venv and stage the collection with tests/utils/common.sh; return (venv, collections path)."""
    venv = os.environ.get('SIPGATE_TEST_VENV', os.path.join(REPO_ROOT, '.venv'))
    script = '. tests/utils/common.sh && ensure_venv "$1" "$2" >&2 && stage_collection'
    env = dict(os.environ, SIPGATE_BUILD_DIR=build_dir)
    staged = subprocess.run(['bash', '-c', script, 'benchmark', venv, REQUIREMENTS], cwd=REPO_ROOT, env=env,
                            check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout.strip().splitlines()[-1]
    if not os.path.isfile(os.path.join(staged, 'plugins', 'modules', 'sipgate_sms.py')):
        raise SystemExit('staging the collection failed: %s' % staged)
    return venv, build_dir


def write_playbooks(workdir, sandbox_url):
    """One playbook per (task, recipients, hosts) with its inventory; the latency comes from the sandbox config.

    Every host of an inventory is a local host (like -c local): with several hosts, each sends to its own recipient.
    """
    playbooks = {}
    for name, task, count, dummy, hosts in SCENARIOS:
        path = os.path.join(workdir, '%s.yml' % name.replace('_lat', ''))
        playbooks[name] = path
        if os.path.exists(path):
            continue
        variables = dict(api_url=sandbox_url + '/v2', token_id=TOKEN_ID, token=TOKEN, sms_id=SMS_ID, text=MESSAGE)
        if hosts == 1:
            variables['recipients'] = RECIPIENTS[:count]
        with open(path, 'w') as handle:
            handle.write(PLAY_HEADER.replace('  tasks:\n', '  vars: %s\n  tasks:\n' % json.dumps(variables)) + task)
        with open(inventory_path(path), 'w') as handle:
            if hosts == 1:
                handle.write('localhost ansible_connection=local\n')
            for index in range(hosts if hosts > 1 else 0):
                handle.write('host%02d ansible_connection=local recipients=\'["%s"]\'\n' % (index + 1, RECIPIENTS[index]))
    return playbooks


def inventory_path(playbook):
    return playbook[:-len('.yml')] + '.ini'


def run_playbook(venv, collections_path, playbook, workdir, forks):
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(('ANSIBLE_', 'SIPGATE_')):
            del env[key]
    env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
               PATH=os.path.join(venv, 'bin') + os.pathsep + env.get('PATH', ''))
    command = [os.path.join(venv, 'bin', 'ansible-playbook'), '-i', inventory_path(playbook), '-f', str(forks),
               '-e', 'ansible_python_interpreter=%s' % os.path.join(venv, 'bin', 'python'), playbook]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit('%s failed (rc %d):\n%s' % (os.path.basename(playbook), done.returncode, done.stdout))
    # CPU seconds of ansible-playbook and every process it waited for (workers, the module): less sensitive than wall
    # time to other load on the machine.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu


def outbox_problems(items, recipients):
    """What is wrong with the outbox ``items`` for one SMS to each of ``recipients``: missing, doubled, unexpected."""
    got = collections.Counter(item['recipient'] for item in items)
    problems = []
    missing = [recipient for recipient in recipients if not got[recipient]]
    doubled = sorted(recipient for recipient, count in got.items() if count > 1)
    unexpected = sorted(set(got) - set(recipients))
    if missing:
        problems.append('%d recipient(s) got no SMS (%s)' % (len(missing), ', '.join(missing[:5])))
    if doubled:
        problems.append('%d recipient(s) got more than one (%s)' % (len(doubled), ', '.join(doubled[:5])))
    if unexpected:
        problems.append('SMS to numbers not asked for (%s)' % ', '.join(unexpected[:5]))
    if any(item['message'] != MESSAGE or item['smsId'] != SMS_ID for item in items):
        problems.append('an SMS with another text or extension')
    return problems


def run_scenario(sandbox, venv, collections_path, name, playbook, count, workdir, hosts):
    """One timed run; fails unless the sandbox outbox got exactly one SMS per recipient."""
    # Only the outbox: a reset would also undo the latency of the scenario.
    sandbox.client.clear_outbox()
    timing = run_playbook(venv, collections_path, playbook, workdir, forks=hosts)
    problems = outbox_problems(sandbox.client.outbox(), RECIPIENTS[:count])
    if problems:
        raise SystemExit('%s: the sandbox outbox does not hold exactly one SMS per recipient: %s' % (name, '; '.join(problems)))
    return timing


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as handle:
            for line in handle:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return cpu, os.cpu_count()


def versions(venv):
    script = 'import platform, ansible.release; print(platform.python_version(), ansible.release.__version__)'
    output = subprocess.run([os.path.join(venv, 'bin', 'python'), '-c', script], check=True,
                            stdout=subprocess.PIPE, universal_newlines=True).stdout.split()
    return output[0], output[1]


def render(medians, cpu_medians, runs, venv, load):
    cpu, cores = machine()
    python_version, ansible_version = versions(venv)
    floor = medians['ping']
    lines = [
        'Machine: %s, %s cores, Linux %s; Python %s, ansible-core %s; %s; median of %d runs; load average %s.' % (
            cpu, cores, platform.release(), python_version, ansible_version,
            datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'), runs, load),
        '',
        '| scenario | median s | vs `uri` | speed-up | per recipient above the floor, s | CPU s |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
    ]
    for name, dummy, count, latency, hosts in SCENARIOS:
        baseline = medians.get(name.replace('sms_', 'uri_')) if name != 'ping' else medians['uri_1']
        ratio = '%.2f' % (medians[name] / baseline) if baseline else ''
        speedup = '%.1fx' % (baseline / medians[name]) if baseline and name.startswith('sms_') else ''
        per_recipient = '%.3f' % ((medians[name] - floor) / count) if count and hosts == 1 else ''
        lines.append('| %s | %.2f | %s | %s | %s | %.2f |' % (LABELS[name], medians[name], ratio, speedup, per_recipient, cpu_medians[name]))
    lines.extend([
        '',
        '"vs `uri`" is the median time divided by that of the `uri` play with the same hosts, recipients and latency '
        '(none for 200 recipients: a `uri` loop over them takes minutes); "per recipient above the floor" is (median - '
        'ping median) / recipients, for the one-host plays; "CPU s" is the median user+sys time of ansible-playbook and its children. After every '
        'run the sandbox outbox held exactly one SMS per recipient.',
        '',
    ])
    for number, (text, numerator, denominator, highest) in enumerate(TARGETS, 1):
        ratio = medians[numerator] / medians[denominator]
        lines.append('- Target %d, %s: %s (%.2fx: %.2f s / %.2f s).' % (
            number, text, 'met' if ratio <= highest else 'NOT met', ratio, medians[numerator], medians[denominator]))
    lines.append('- With %d ms latency per request, each extra recipient costs %.3f s with `sipgate_sms` (%.3f s over 200) '
                 'and %.3f s with `uri` ((20 recipients - 1 recipient) / 19).' % (
                     LATENCY_MS, (medians['sms_20_lat'] - medians['sms_1_lat']) / (MANY - 1),
                     (medians['sms_200_lat'] - medians['sms_1_lat']) / (BULK - 1),
                     (medians['uri_20_lat'] - medians['uri_1_lat']) / (MANY - 1)))
    return '\n'.join(lines) + '\n'


def main(argv=None):
    args = parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='sipgate-bench-')
    build_dir = os.environ.get('SIPGATE_BUILD_DIR') or os.path.join(workdir, 'build')
    sandbox = None
    try:
        log('Preparing .venv and staging the collection in %s' % build_dir)
        venv, collections_path = prepare(build_dir)
        # The idle timeout stops it should this script die without its finally block.
        sandbox = SandboxProcess(idle_timeout=120)
        log('Sandbox on %s' % sandbox.url)
        playbooks = write_playbooks(workdir, sandbox.url)
        timings = dict((name, []) for name, dummy, count, latency, hosts in SCENARIOS)
        cpu_times = dict((name, []) for name in timings)
        load_before = os.getloadavg()[0]
        log('Warm-up run of each playbook (not timed)')
        for name, dummy, count, latency, hosts in SCENARIOS:
            if not latency:
                run_scenario(sandbox, venv, collections_path, name, playbooks[name], count, workdir, hosts)
        for run in range(1, args.runs + 1):
            for name, dummy, count, latency, hosts in SCENARIOS:
                sandbox.client.configure({'latency_ms': latency})
                elapsed, cpu = run_scenario(sandbox, venv, collections_path, name, playbooks[name], count, workdir, hosts)
                timings[name].append(elapsed)
                cpu_times[name].append(cpu)
            log('run %d/%d: %s' % (run, args.runs, ', '.join('%s %.2fs' % (name, timings[name][-1]) for name in timings)))
        medians = dict((name, statistics.median(values)) for name, values in timings.items())
        cpu_medians = dict((name, statistics.median(values)) for name, values in cpu_times.items())
        load = '%.1f before, %.1f after' % (load_before, os.getloadavg()[0])
    finally:
        if sandbox is not None:
            sandbox.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    table = render(medians, cpu_medians, args.runs, venv, load)
    os.makedirs(RESULTS_DIR, exist_ok=True)
    with open(os.path.join(RESULTS_DIR, 'latest.md'), 'w') as handle:
        handle.write(table)
    sys.stdout.write(table)
    return 0


if __name__ == '__main__':
    sys.exit(main())
