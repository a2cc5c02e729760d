# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ensure_venv of tests/utils/common.sh (make demo, make test): a Python too old for the pinned ansible-core is named
before pip runs, and a virtualenv that another Python made is made again."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMON = os.path.join(COLLECTION, 'tests', 'utils', 'common.sh')
THIS_PYTHON = '%d.%d' % sys.version_info[:2]


def ensure_venv(venv, requirements, python):
    script = 'set -euo pipefail; . "$1"; PYTHON="$2"; ensure_venv "$3" "$4"'
    return subprocess.run(['bash', '-c', script, 'ensure_venv', COMMON, python, str(venv), str(requirements)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)


def minimum_pythons():
    """{ansible-core X.Y: oldest Python X.Y} as common.sh declares it."""
    with open(COMMON, encoding='utf-8') as handle:
        table = re.search(r'ANSIBLE_CORE_PYTHON=\(([^)]*)\)', handle.read()).group(1)
    return dict(re.findall(r'\[([0-9.]+)\]=([0-9.]+)', table))


def test_a_python_older_than_the_pinned_ansible_core_needs_is_named_before_pip_runs(tmp_path):
    newer = [(core, needed) for core, needed in sorted(minimum_pythons().items())
             if tuple(map(int, needed.split('.'))) > sys.version_info[:2]]
    if not newer:
        pytest.skip('every ansible-core of the table runs on Python %s' % THIS_PYTHON)
    core, needed = newer[0]
    requirements = tmp_path / 'requirements.txt'
    requirements.write_text('ansible-core==%s.0\n' % core)
    result = ensure_venv(tmp_path / 'venv', requirements, sys.executable)
    assert result.returncode == 1
    assert result.stderr == ('ansible-core %s needs Python %s or later, but %s is Python %s. Install a newer one and name it, '
                             'such as: PYTHON=python%s make demo (or make test)\n' % (core, needed, sys.executable, THIS_PYTHON, needed))
    assert not (tmp_path / 'venv').exists()


def test_a_python_that_does_not_run_is_named(tmp_path):
    requirements = tmp_path / 'requirements.txt'
    requirements.write_text('ansible-core==2.16.19\n')
    result = ensure_venv(tmp_path / 'venv', requirements, str(tmp_path / 'no-python'))
    assert result.returncode == 1
    assert 'but %s is not found.' % (tmp_path / 'no-python') in result.stderr


def test_a_virtualenv_of_another_python_is_made_again(tmp_path):
    venv = tmp_path / 'venv'
    (venv / 'bin').mkdir(parents=True)
    # A virtualenv that Python 3.7 made: its python says so whatever it is asked.
    (venv / 'bin' / 'python').write_text('#!/bin/sh\necho 3.7\n')
    (venv / 'bin' / 'python').chmod(0o755)
    requirements = tmp_path / 'requirements.txt'
    requirements.write_text('# nothing to install\n')
    result = ensure_venv(venv, requirements, sys.executable)
    assert result.returncode == 0, result.stderr
    assert 'was made by another Python than %s (%s): making it again' % (sys.executable, THIS_PYTHON) in result.stdout
    version = subprocess.run([str(venv / 'bin' / 'python'), '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                             stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
    assert version == THIS_PYTHON
    again = ensure_venv(venv, requirements, sys.executable)
    assert again.returncode == 0 and again.stdout == ''
