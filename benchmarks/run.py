#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark sipgate.io.sipgate_sms against ansible.builtin.uri and an ansible.builtin.ping floor.

Usage: python benchmarks/run.py [--runs N] [--quick]

Sets up the virtualenv .venv and stages the collection the way scripts/demo.sh does, starts the local sipgate API
sandbox on 127.0.0.1, runs every scenario N times with ansible-playbook (interleaved, so drift hits all scenarios
alike), checks after each run that the sandbox outbox got exactly the expected SMS, and prints a Markdown table of
medians. The table is also written to benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
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
LATENCY_MS = 100
RECIPIENTS = ['+49157999123%02d' % index for index in range(MANY)]

PLAY_HEADER = '''---
- name: Benchmark
  hosts: localhost
  gather_facts: false
  tasks:
'''

PING_TASK = '''    - name: Ping (the floor of a one-task play)
      ansible.builtin.ping:
      delegate_to: localhost
'''

MODULE_TASK = '''    - name: Send the SMS with sipgate.io.sipgate_sms
      sipgate.io.sipgate_sms:
        api_url: "{{ api_url }}"
        token_id: "{{ token_id }}"
        token: "{{ token }}"
        sms_id: "{{ sms_id }}"
        to: "{{ recipients }}"
        msg: "{{ text }}"
      delegate_to: localhost
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

# name, playbook task, recipients, sandbox latency in ms
SCENARIOS = [
    ('ping', PING_TASK, 0, 0),
    ('sms_1', MODULE_TASK, 1, 0),
    ('uri_1', URI_TASK, 1, 0),
    ('sms_20', MODULE_TASK, MANY, 0),
    ('uri_20', URI_TASK, MANY, 0),
    ('sms_1_lat', MODULE_TASK, 1, LATENCY_MS),
    ('uri_1_lat', URI_TASK, 1, LATENCY_MS),
    ('sms_20_lat', MODULE_TASK, MANY, LATENCY_MS),
    ('uri_20_lat', URI_TASK, MANY, LATENCY_MS),
]

LABELS = {
    'ping': '`ansible.builtin.ping` play (floor)',
    'sms_1': '1 SMS, `sipgate.io.sipgate_sms`',
    'uri_1': '1 SMS, `ansible.builtin.uri` (baseline)',
    'sms_20': '20 recipients, one `sipgate_sms` task',
    'uri_20': '20 recipients, `uri` loop (baseline)',
    'sms_1_lat': '+100 ms latency: 1 SMS, `sipgate_sms`',
    'uri_1_lat': '+100 ms latency: 1 SMS, `uri` (baseline)',
    'sms_20_lat': '+100 ms latency: 20 recipients, `sipgate_sms`',
    'uri_20_lat': '+100 ms latency: 20 recipients, `uri` loop (baseline)',
}


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
    """One playbook per (task, recipients) and one shared vars file; the latency comes from the sandbox config."""
    playbooks = {}
    for name, task, count, dummy in SCENARIOS:
        path = os.path.join(workdir, '%s.yml' % name.replace('_lat', ''))
        playbooks[name] = path
        if os.path.exists(path):
            continue
        variables = dict(api_url=sandbox_url + '/v2', token_id=TOKEN_ID, token=TOKEN, sms_id=SMS_ID, text=MESSAGE,
                         recipients=RECIPIENTS[:count])
        with open(path, 'w') as handle:
            handle.write(PLAY_HEADER.replace('  tasks:\n', '  vars: %s\n  tasks:\n' % json.dumps(variables)) + task)
    return playbooks


def run_playbook(venv, collections_path, playbook, workdir):
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(('ANSIBLE_', 'SIPGATE_')):
            del env[key]
    env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
               PATH=os.path.join(venv, 'bin') + os.pathsep + env.get('PATH', ''))
    command = [os.path.join(venv, 'bin', 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
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


def run_scenario(sandbox, venv, collections_path, name, playbook, count, workdir):
    """One timed run; fails unless the sandbox outbox got exactly the expected SMS."""
    # Only the outbox: a reset would also undo the latency of the scenario.
    sandbox.client.clear_outbox()
    timing = run_playbook(venv, collections_path, playbook, workdir)
    items = sandbox.client.outbox()
    got = sorted(item['recipient'] for item in items)
    if got != sorted(RECIPIENTS[:count]) or any(item['message'] != MESSAGE or item['smsId'] != SMS_ID for item in items):
        raise SystemExit('%s: expected %d SMS in the sandbox outbox, got %d' % (name, count, len(items)))
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
    for name, dummy, count, latency in SCENARIOS:
        if name == 'ping':
            ratio, speedup, per_recipient = '%.2f' % (medians[name] / medians['uri_1']), '', ''
        else:
            baseline = medians[name.replace('sms_', 'uri_')]
            ratio = '%.2f' % (medians[name] / baseline)
            speedup = '%.1fx' % (baseline / medians[name]) if name.startswith('sms_') else ''
            per_recipient = '%.3f' % ((medians[name] - floor) / count)
        lines.append('| %s | %.2f | %s | %s | %s | %.2f |' % (LABELS[name], medians[name], ratio, speedup, per_recipient, cpu_medians[name]))
    target_one = medians['sms_1'] <= medians['uri_1']
    target_many = medians['uri_20'] / medians['sms_20']
    lines.extend([
        '',
        '"vs `uri`" is the median time divided by that of the `uri` play with the same recipients and latency; "per '
        'recipient above the floor" is (median - ping median) / recipients; "CPU s" is the median user+sys time of '
        'ansible-playbook and its children. The sandbox outbox was checked after every run.',
        '',
        '- Target 1, one SMS no slower than `uri`: %s (%.2f s vs %.2f s).' % (
            'met' if target_one else 'NOT met', medians['sms_1'], medians['uri_1']),
        '- Target 2, 20 recipients at least 5x faster than a `uri` loop: %s (%.1fx).' % (
            'met' if target_many >= 5 else 'NOT met', target_many),
        '- With %d ms latency per request, each extra recipient costs %.3f s with `sipgate_sms` and %.3f s with `uri` '
        '((20 recipients - 1 recipient) / 19).' % (
            LATENCY_MS, (medians['sms_20_lat'] - medians['sms_1_lat']) / (MANY - 1),
            (medians['uri_20_lat'] - medians['uri_1_lat']) / (MANY - 1)),
    ])
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
        timings = dict((name, []) for name, dummy, count, latency in SCENARIOS)
        cpu_times = dict((name, []) for name in timings)
        load_before = os.getloadavg()[0]
        log('Warm-up run of each playbook (not timed)')
        for name, dummy, count, latency in SCENARIOS:
            if not latency:
                run_scenario(sandbox, venv, collections_path, name, playbooks[name], count, workdir)
        for run in range(1, args.runs + 1):
            for name, dummy, count, latency in SCENARIOS:
                sandbox.client.configure({'latency_ms': latency})
                elapsed, cpu = run_scenario(sandbox, venv, collections_path, name, playbooks[name], count, workdir)
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
