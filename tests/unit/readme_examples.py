# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The YAML examples of README.md and of the plugins' EXAMPLES, as playbooks a test can lint and run.

Used by tests/unit/test_readme_examples.py (parsing, ansible-lint) and by the integration target readme_examples
(``python -m`` this module writes the playbooks, which the target runs against the sandbox):

    python readme_examples.py README.md OUTPUT_DIR [PLUGIN.py ...]

A list of tasks becomes a play on the host group ``examples``, so that a test runs it over one host or over many, as
a user's play would.
"""

from __future__ import annotations

import os
import re
import sys

import yaml

_FENCE = re.compile(r'^```yaml\n(.*?)^```$', re.MULTILINE | re.DOTALL)
_EXAMPLES = re.compile(r"^EXAMPLES = r'''\n(.*?)^'''$", re.MULTILINE | re.DOTALL)


def readme_blocks(text):
    """``[(line number, yaml text)]`` of every fenced ```yaml block of a Markdown text."""
    return [(text[:match.start()].count('\n') + 1, match.group(1)) for match in _FENCE.finditer(text)]


def module_examples(source):
    """The EXAMPLES text of a module's source."""
    match = _EXAMPLES.search(source)
    return match.group(1) if match else ''


def is_playbook(data):
    """True for a list of plays (each has hosts or import_playbook), False for a list of tasks."""
    return all(isinstance(item, dict) and ('hosts' in item or 'import_playbook' in item) for item in data)


# The host group a list of tasks runs on.
TASKS_GROUP = 'examples'


def as_playbook(name, text):
    """The YAML ``text`` of an example as a playbook: a list of plays as it is, a list of tasks in a play for TASKS_GROUP.

    The tasks are indented into the play's text unchanged, so that ansible-lint sees them as they are written.
    """
    data = yaml.safe_load(text)
    if not isinstance(data, list) or not data:
        raise ValueError('%s is not a list of plays or tasks' % name)
    if is_playbook(data):
        return '---\n' + text
    tasks = ''.join('    ' + line if line.strip() else line for line in text.splitlines(True))
    return '---\n- name: %s\n  hosts: %s\n  gather_facts: false\n  tasks:\n%s' % (name, TASKS_GROUP, tasks)


def slug(text):
    return re.sub(r'[^a-z0-9]+', '_', text.lower()).strip('_')


def example_playbooks(readme_text, modules=()):
    """``{file name: playbook text}`` for every README block and every module's EXAMPLES (``{name: source}``)."""
    playbooks = {}
    for line, text in readme_blocks(readme_text):
        playbooks['readme_line_%04d.yml' % line] = as_playbook('README.md example at line %d' % line, text)
    for name, source in sorted(dict(modules).items()):
        playbooks['examples_%s.yml' % slug(name)] = as_playbook('EXAMPLES of %s' % name, module_examples(source))
    return playbooks


def write_playbooks(playbooks, directory):
    for name, text in playbooks.items():
        with open(os.path.join(directory, name), 'w', encoding='utf-8') as handle:
            handle.write(text)


def main(argv):
    readme, directory = argv[1], argv[2]
    with open(readme, encoding='utf-8') as handle:
        readme_text = handle.read()
    modules = {}
    for path in argv[3:]:
        with open(path, encoding='utf-8') as handle:
            modules[os.path.splitext(os.path.basename(path))[0]] = handle.read()
    write_playbooks(example_playbooks(readme_text, modules), directory)


if __name__ == '__main__':
    main(sys.argv)
