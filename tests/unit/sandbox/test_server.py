# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox stops by itself, listens on loopback only, and runs as a child process driven by its client."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from ansible_collections.sipgate.io.tests.sandbox.client import PACKAGE_PARENT, SandboxProcess, main
from ansible_collections.sipgate.io.tests.sandbox.server import SandboxServer


def test_it_stops_when_idle():
    sandbox = SandboxServer(idle_timeout=0.3)
    sandbox.start()
    assert sandbox.wait(5)
    assert sandbox.stop_reason.startswith('idle for')


def test_it_stops_after_its_lifetime():
    # Idle for far less than its idle timeout: only the lifetime can stop it. No request: on a loaded machine a request
    # could come after the 0.3 s and be refused.
    sandbox = SandboxServer(max_lifetime=0.3, idle_timeout=60)
    sandbox.start()
    assert sandbox.wait(5)
    assert sandbox.stop_reason.startswith('max lifetime')


def test_it_listens_on_loopback_only():
    with SandboxServer(idle_timeout=10) as sandbox:
        assert sandbox._httpd.server_address[0] == '127.0.0.1'
        assert sandbox.api_url.startswith('http://127.0.0.1:')


def test_a_child_process_starts_answers_and_stops_leaving_nothing_behind():
    with SandboxProcess(idle_timeout=30) as sandbox:
        assert sandbox.client.health()['status'] == 'ok'
        assert sandbox.token_id == 'token-SANDBX'
        assert os.path.isdir(sandbox.run_directory)
    assert sandbox._process.poll() is not None
    assert not os.path.exists(sandbox.run_directory)


def test_a_sandbox_stopping_by_itself_removes_its_run_directory():
    # Asked over its control API, as when it is idle or at the end of its lifetime: it exits on its own, not by stop().
    sandbox = SandboxProcess(idle_timeout=30)
    sandbox.client.shutdown()
    assert sandbox._process.wait(30) == 0
    assert not os.path.exists(sandbox.run_directory)


def _wait_until_gone(pid):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.05)
    pytest.fail('the sandbox did not stop')


def _start_from_the_command_line(monkeypatch):
    started = subprocess.run([sys.executable, '-m', 'sandbox', 'start', '--idle-timeout', '30'], cwd=PACKAGE_PARENT,
                             check=True, stdout=subprocess.PIPE, universal_newlines=True, timeout=60).stdout
    assignments = dict(line[len('export '):].split('=', 1) for line in started.splitlines())
    for name, value in assignments.items():
        monkeypatch.setenv(name, value)
    return assignments


def test_stop_removes_the_run_directory_of_a_sandbox_that_was_killed(monkeypatch):
    assignments = _start_from_the_command_line(monkeypatch)
    os.kill(int(assignments['SANDBOX_PID']), signal.SIGKILL)
    _wait_until_gone(int(assignments['SANDBOX_PID']))
    assert os.path.isdir(assignments['SANDBOX_RUN_DIR'])
    assert main(['stop']) == 0
    assert not os.path.exists(assignments['SANDBOX_RUN_DIR'])


def test_the_command_line_starts_checks_and_stops_a_sandbox(monkeypatch, capsys):
    assignments = _start_from_the_command_line(monkeypatch)
    assert sorted(assignments) == ['SANDBOX_API_URL', 'SANDBOX_PID', 'SANDBOX_RUN_DIR', 'SANDBOX_TOKEN', 'SANDBOX_TOKEN_ID',
                                   'SANDBOX_URL']
    pid = int(assignments['SANDBOX_PID'])
    assert main(['fault', '{"status": 503, "times": 1}']) == 0
    assert json.loads(capsys.readouterr().out)[0]['status'] == 503
    assert main(['expect', 'outbox == [] and codes == []']) == 0
    assert main(['expect', 'len(outbox) == 1']) == 1
    assert 'sandbox check failed: len(outbox) == 1' in capsys.readouterr().err
    assert main(['stop']) == 0
    _wait_until_gone(pid)
    assert not os.path.exists(assignments['SANDBOX_RUN_DIR'])


def test_check_outbox(monkeypatch, capsys):
    with SandboxProcess(idle_timeout=30) as sandbox:
        monkeypatch.setenv('SANDBOX_URL', sandbox.url)
        request = urllib.request.Request(sandbox.api_url + '/sessions/sms', method='POST',
                                         data=b'{"smsId": "s0", "recipient": "+4915799912345", "message": "Ansible FAILED: x"}',
                                         headers={'Content-Type': 'application/json',
                                                  'Authorization': 'Bearer sandbox-access-token'})
        urllib.request.urlopen(request).read()
        assert main(['check-outbox', '--count', '1', '--posts', '1', '--recipients', '+4915799912345', '--sms-id', 's0',
                     '--sender', '+4915799912345', '--starts-with', 'Ansible FAILED', '--contains', 'x', '--absent', 'y',
                     '--max-segments', '1']) == 0
        assert main(['check-outbox', '--count', '2', '--sender', 'sipgate', '--absent', 'FAILED']) == 1
        errors = capsys.readouterr().err
        assert 'expected 2 SMS, the outbox has 1' in errors and 'has sender +4915799912345, not sipgate' in errors
        assert "contains 'FAILED'" in errors


def test_without_a_sandbox_the_client_says_so(monkeypatch, capsys):
    monkeypatch.delenv('SANDBOX_URL', raising=False)
    assert main(['outbox']) == 2
    assert 'set SANDBOX_URL' in capsys.readouterr().err
