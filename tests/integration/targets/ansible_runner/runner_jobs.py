# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Jobs as AWX runs them - through ansible-runner, with the environment of a sipgate credential - against the sandbox.

1. A job with a credential of the sipgate credential type (its injectors rendered as AWX renders them) sends a
   notification with the module; the play names no credentials.
2. A failing job of a project whose ansible.cfg enables the alert callback sends one alert to each recipient.
3. A job without a credential, with the credentials as extra variables, sends too.
No secret appears in what runner recorded of any of them: job events, stdout, status and rc.
"""
from __future__ import annotations

import base64
import os
import shutil
import sys
import tempfile

import ansible_runner

COLLECTION = os.path.join(os.environ['ANSIBLE_COLLECTIONS_PATH'].split(':')[0], 'ansible_collections', 'sipgate', 'io')
sys.path.insert(0, os.path.join(COLLECTION, 'tests'))
sys.path.insert(0, os.path.join(COLLECTION, 'tests', 'utils'))

from awx_injectors import inject, load_credential_type  # noqa: E402  pylint: disable=wrong-import-position
from sandbox.client import SandboxProcess  # noqa: E402  pylint: disable=wrong-import-position

HERE = os.path.dirname(os.path.abspath(__file__))
RECIPIENTS = ['+4915799912345', '+4915799912346']


def run_job(work, playbook, credential_env=None, extravars=None):
    """Run ``playbook`` of the project as AWX would, in a private data directory inside ``work``; return (runner, that directory)."""
    private = tempfile.mkdtemp(prefix='job-', dir=work)
    shutil.copytree(os.path.join(HERE, 'project'), os.path.join(private, 'project'))
    runner = ansible_runner.run(
        private_data_dir=private, playbook=playbook, envvars=credential_env or {}, extravars=extravars or {}, quiet=True,
        inventory='localhost ansible_connection=local ansible_python_interpreter=%s' % sys.executable)
    return runner, private


def artifacts_text(private):
    """Everything runner wrote about the job - stdout, job events, status, rc - but its record of the job's input.

    Runner writes the environment it started the job with, the credential's included, to the artifact ``command``,
    readable by its owner only; it records what the job was given, not what the job did. That file is checked to be
    private, and left out of the search.
    """
    texts = []
    for directory, dummy, files in os.walk(os.path.join(private, 'artifacts')):
        for name in files:
            path = os.path.join(directory, name)
            if name == 'command':
                check(os.stat(path).st_mode & 0o077 == 0, 'runner\'s record of the job environment is private: %s' % path)
                continue
            with open(path, encoding='utf-8', errors='replace') as handle:
                texts.append(handle.read())
    check(any('job_events' in directory for directory, dummy, files in os.walk(private) if files), 'runner wrote job events')
    return '\n'.join(texts)


def check(condition, message, runner=None):
    if not condition:
        output = runner.stdout.read() if runner is not None else ''
        raise SystemExit('FAILED: %s\n%s' % (message, output))


def main():
    # Runner starts each job with this environment plus the credential's. As in AWX, only the project's ansible.cfg
    # configures Ansible; the ANSIBLE_* settings of the test runner (its callbacks, its config file) stay out.
    for name in list(os.environ):
        if name.startswith(('ANSIBLE_', 'SIPGATE_')) and name != 'ANSIBLE_COLLECTIONS_PATH':
            del os.environ[name]
    work = tempfile.mkdtemp(prefix='sipgate-runner-')
    try:
        run_jobs(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('ansible-runner jobs passed')


def run_jobs(work):
    with SandboxProcess(idle_timeout=300) as sandbox:
        secrets = [sandbox.token, base64.b64encode(('%s:%s' % (sandbox.token_id, sandbox.token)).encode()).decode()]
        credential_env = inject(load_credential_type(), dict(
            token_id=sandbox.token_id, token=sandbox.token, api_url=sandbox.api_url, sms_id='s1',
            alert_recipients=', '.join(RECIPIENTS)))
        check(credential_env['SIPGATE_ACCESS_TOKEN'] == '', 'an empty input renders an empty variable')
        jobs = []

        print('== a job with a sipgate credential sends a notification; the play names no credentials')
        runner, private = run_job(work, 'notify.yml', credential_env)
        jobs.append(private)
        check(runner.status == 'successful' and runner.rc == 0, 'notify.yml: %s rc %s' % (runner.status, runner.rc), runner)
        outbox = sandbox.client.outbox()
        check([(sms['smsId'], sms['recipient']) for sms in outbox] == [('s1', '+4915799912345')], 'one SMS from s1: %r' % outbox)
        events = [event['event'] for event in runner.events]
        check('runner_on_ok' in events and 'playbook_on_stats' in events, 'job events were recorded: %r' % events)

        print('== a failing job with the callback enabled sends one alert to each recipient')
        sandbox.client.reset()
        runner, private = run_job(work, 'failing.yml', credential_env)
        jobs.append(private)
        check(runner.status == 'failed' and runner.rc == 2, 'failing.yml: %s rc %s' % (runner.status, runner.rc), runner)
        outbox = sandbox.client.outbox()
        check(sorted(sms['recipient'] for sms in outbox) == RECIPIENTS, 'one alert per recipient: %r' % outbox, runner)
        check(all(sms['message'].startswith('Ansible FAILED: failing.yml. 1 host failed: localhost (Apply the change: Migration 42 failed)')
                  for sms in outbox), 'the alert names the failure: %r' % outbox)

        print('== a job with the credentials as extra variables')
        sandbox.client.reset()
        runner, private = run_job(work, 'extra_vars.yml', extravars=dict(
            sipgate_api_url=sandbox.api_url, sipgate_token_id=sandbox.token_id, sipgate_token=sandbox.token))
        jobs.append(private)
        check(runner.status == 'successful', 'extra_vars.yml: %s rc %s' % (runner.status, runner.rc), runner)
        check([sms['recipient'] for sms in sandbox.client.outbox()] == ['+4915799912346'], 'one SMS')

        print('== no secret in any artifact of the %d jobs' % len(jobs))
        for private in jobs:
            text = artifacts_text(private)
            for secret in secrets:
                check(secret not in text, 'a secret appears in the artifacts of %s' % private)


if __name__ == '__main__':
    main()
