# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make test on a fresh machine: lanes of ansible-test started together on an empty home all get past their set-up.

ansible-test creates its SSH key pair and its pip bootstrap cache in the home directory the first time it needs them;
lanes started together used to race for them, and the losers failed. tests/utils/run-tests.sh runs
tests/utils/prepare_home.py once before it starts the lanes; these tests start the same things at once on an empty home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PREPARE_HOME = os.path.join(COLLECTION, 'tests', 'utils', 'prepare_home.py')
LANES = 4


def fresh_environment(home):
    """The environment of a first run: an empty home, nothing of the outer ansible-test run."""
    return dict(PATH=os.environ['PATH'], HOME=str(home), LANG='C.UTF-8', NO_COLOR='1')


def start(command, env, cwd=None):
    return subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, universal_newlines=True)


def finish(processes):
    """Wait for every process; return their (exit code, output) pairs."""
    return [(process.wait(300), process.communicate()[0]) for process in processes]


def test_prepare_home_run_many_times_at_once_on_an_empty_home_makes_one_valid_key_pair(tmp_path):
    home = tmp_path / 'home'
    home.mkdir()
    env = fresh_environment(home)
    results = finish([start([sys.executable, PREPARE_HOME, '3.11', '3.12'], env) for dummy in range(LANES)])
    assert [code for code, output in results] == [0] * LANES, results
    assert sum(output.count('Created the ansible-test SSH key pair') for code, output in results) == 1
    test_home = home / '.ansible' / 'test'
    derived = subprocess.run(['ssh-keygen', '-y', '-f', str(test_home / 'id_rsa')], check=True, stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.split()[:2]
    assert (test_home / 'id_rsa.pub').read_text(encoding='utf-8').split()[:2] == derived
    # The format paramiko reads, as ansible-test writes it.
    assert (test_home / 'id_rsa').read_text(encoding='utf-8').startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert len(list((test_home / 'cache').glob('get_pip_*.py'))) >= 1
    assert (home / '.ansible' / 'tmp').stat().st_mode & 0o077 == 0
    # Nothing half-made is left beside the key pair.
    assert sorted(path.name for path in test_home.iterdir()) == ['.prepare-home.lock', 'cache', 'id_rsa', 'id_rsa.pub']


def a_collection_with_one_target(root):
    """A collection of one trivial integration target, staged where ansible-test expects it."""
    collection = root / 'ansible_collections' / 'lanes' / 'check'
    target = collection / 'tests' / 'integration' / 'targets' / 'noop'
    target.mkdir(parents=True)
    (collection / 'galaxy.yml').write_text('namespace: lanes\nname: check\nversion: 1.0.0\nreadme: README.md\nauthors: [x]\n',
                                           encoding='utf-8')
    (target / 'aliases').write_text('shippable/posix/group1\n', encoding='utf-8')
    runme = target / 'runme.sh'
    runme.write_text('#!/usr/bin/env bash\necho lane ran\n', encoding='utf-8')
    runme.chmod(0o755)
    return collection


def ansible_test():
    """ansible-test of the Python running the tests, else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), 'ansible-test')
    return beside if os.path.exists(beside) else shutil.which('ansible-test')


def test_integration_lanes_started_together_on_an_empty_home_all_get_past_their_set_up(tmp_path):
    home = tmp_path / 'home'
    home.mkdir()
    env = fresh_environment(home)
    python = '%d.%d' % sys.version_info[:2]
    assert finish([start([sys.executable, PREPARE_HOME, python], env)])[0][0] == 0
    lanes = [a_collection_with_one_target(tmp_path / ('lane%d' % number)) for number in range(LANES)]
    results = finish([start([ansible_test(), 'integration', '--local', '--python', python, '--color', 'no', 'noop'], env, cwd=str(lane))
                      for lane in lanes])
    for code, output in results:
        assert code == 0, output
        assert 'lane ran' in output
        assert 'Overwrite' not in output
