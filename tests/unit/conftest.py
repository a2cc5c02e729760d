# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures every unit test can use: the replayed API (the one network stub) and running a module's main()."""

from __future__ import annotations

import json
import os
import tempfile

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19
    module_utils_internal = None

from ansible_collections.sipgate.io.tests.unit.replay import Replay, module_args, replay_all_http


# The collection's tests/output/, which ansible-test uses for all it writes (make test removes it with the staged copy).
TEST_OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'output')


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """tmp_path inside tests/output/ rather than in pytest-of-<user> of the system's temporary directory, which pytest
    keeps after the run: the tests leave nothing behind. ansible-test passes no TMPDIR to pytest."""
    if config.option.basetemp is None:
        os.makedirs(os.path.join(TEST_OUTPUT, '.tmp'), exist_ok=True)
        config.option.basetemp = os.path.join(TEST_OUTPUT, '.tmp', 'pytest')


@pytest.fixture(autouse=True)
def private_temporary_directory(tmp_path, monkeypatch):
    """Temporary files of the code under test, such as the sender lock and the record of claims, go to the test's own
    directory: nothing is left behind, and no test sees another one's claims."""
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


@pytest.fixture
def api(monkeypatch):
    """The sipgate API as recorded answers at the requests boundary: set ``api.answers``, read ``api.requests``.

    Every SIPGATE_* environment variable is unset, so only what a test sets configures the code under test.
    """
    replay = replay_all_http(monkeypatch, Replay())
    # Warnings are collected process-wide; ansible-core 2.19 keeps them in a dict, 2.18 in a list.
    collected = getattr(ansible_warnings, '_global_warnings', {})
    monkeypatch.setattr(ansible_warnings, '_global_warnings', type(collected)(), raising=False)
    return replay


@pytest.fixture
def run_module(capsys, monkeypatch):
    """Run a module's main() as Ansible would; return (exit code, raw stdout, parsed result)."""
    if module_utils_internal is not None:
        # Once a test has imported controller code, ansible-core 2.19 shows module warnings on the console instead of
        # returning them; a module on a managed host returns them.
        monkeypatch.setattr(module_utils_internal, 'is_controller', False, raising=False)

    def run(module, args, check_mode=False, diff=False):
        args = dict(args)
        if check_mode:
            args['_ansible_check_mode'] = True
        if diff:
            args['_ansible_diff'] = True
        with module_args(args, monkeypatch):
            with pytest.raises(SystemExit) as exit_info:
                module.main()
        out = capsys.readouterr().out
        return exit_info.value.code, out, json.loads(out)
    return run
