# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every YAML example of README.md and of the modules' EXAMPLES is a playbook or a task list that passes ansible-lint's
production profile, which many projects run. The integration target readme_examples runs them against the sandbox."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import yaml

from ansible_collections.sipgate.io.tests.unit.readme_examples import example_playbooks, readme_blocks

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The directory that holds ansible_collections/sipgate/io.
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION)))


INVENTORY = '[web]\nweb1\n[db]\ndb1\n[monitoring]\nmonitoring1\n[examples]\nexamples1\n[all:vars]\nansible_connection=local\n'


def read(path):
    with open(os.path.join(COLLECTION, path), encoding='utf-8') as handle:
        return handle.read()


def playbooks():
    paths = glob.glob(os.path.join(COLLECTION, 'plugins/modules/*.py')) + glob.glob(os.path.join(COLLECTION, 'plugins/filter/*.py'))
    return example_playbooks(read('README.md'), dict((os.path.basename(path)[:-3], read(path)) for path in paths))


def test_every_yaml_block_of_the_readme_is_found():
    blocks = readme_blocks(read('README.md'))
    assert len(blocks) >= 8
    for line, text in blocks:
        assert isinstance(yaml.safe_load(text), list), 'README.md line %d' % line


def ansible_lint():
    """ansible-lint of the Python running the tests (tests/unit/requirements.txt), else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), 'ansible-lint')
    return beside if os.path.exists(beside) else shutil.which('ansible-lint')


def test_the_examples_pass_ansible_lint_production(tmp_path):
    """One ansible-lint run over all examples, with the collection's own configuration."""
    command = ansible_lint()
    assert command, 'ansible-lint is missing: it is in tests/unit/requirements.txt'
    examples = tmp_path / 'examples'
    examples.mkdir()
    for name, text in playbooks().items():
        (examples / name).write_text(text)
    shutil.copy(os.path.join(COLLECTION, '.ansible-lint'), str(examples / '.ansible-lint'))
    # The host groups the README's plays name, so that their syntax check finds hosts.
    (tmp_path / 'inventory.ini').write_text(INVENTORY)
    # A clean environment: the test runner's settings (such as warnings as errors) are not the user's.
    env = dict(PATH=os.environ['PATH'], HOME=str(tmp_path), LANG='C.UTF-8', NO_COLOR='1', ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH,
               ANSIBLE_INVENTORY=str(tmp_path / 'inventory.ini'))
    run = subprocess.run([command, '--nocolor', '--offline', '--profile', 'production', '-f', 'pep8', '.'], cwd=str(examples),
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout


def _tasks(tasks, run_once=False):
    """Every task of a task list with whether it runs once, blocks, rescues and always sections walked through."""
    for task in tasks or []:
        once = bool(task.get('run_once', run_once))
        if 'block' in task:
            for section in ('block', 'rescue', 'always'):
                yield from _tasks(task.get(section), once)
        else:
            yield task, once


def test_an_example_sends_one_sms_per_host_only_when_it_names_the_host():
    """Over many hosts, a sending task without run_once sends one SMS per host: only right when the SMS names its host,
    or when once_within lets the same text through once however many hosts send it."""
    sources = dict(playbooks())
    for path in glob.glob(os.path.join(COLLECTION, 'playbooks', '*.yml')):
        sources[os.path.relpath(path, COLLECTION)] = read(path)
    checked = 0
    for name, text in sorted(sources.items()):
        for play in yaml.safe_load(text):
            if play.get('hosts') in (None, 'localhost'):
                continue
            for task, once in _tasks(play.get('tasks')):
                if 'sipgate.io.sipgate_sms' in task:
                    checked += 1
                    arguments = task['sipgate.io.sipgate_sms']
                    assert once or 'inventory_hostname' in str(arguments.get('msg')) or arguments.get('once_within'), (
                        '%s: "%s" sends one SMS per host of the play without naming the host: add run_once: true' % (name, task.get('name')))
    assert checked >= 10
