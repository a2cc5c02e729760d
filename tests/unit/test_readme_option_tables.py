# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's option tables must agree with the plugins' DOCUMENTATION (fix: python tests/utils/option_tables.py --write)."""

from __future__ import annotations

import importlib.util
import os

import pytest


def _find_root():
    path = os.path.dirname(os.path.abspath(__file__))
    while not (os.path.isfile(os.path.join(path, 'README.md')) and os.path.isfile(os.path.join(path, 'galaxy.yml'))):
        parent = os.path.dirname(path)
        if parent == path:
            pytest.skip('README.md and galaxy.yml not found above %s' % __file__)
        path = parent
    return path


def _load(root, name):
    # tests/utils is not a package; load the scripts by path, so --write, --check and this test share one renderer.
    spec = importlib.util.spec_from_file_location('sipgate_io_%s' % name, os.path.join(root, 'tests', 'utils', name + '.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def root():
    return _find_root()


@pytest.fixture(scope='module')
def option_tables(root):
    return _load(root, 'option_tables')


def test_readme_option_tables_agree_with_documentation(root, option_tables):
    diff = option_tables.readme_diff(root)
    assert not diff, 'README.md option tables disagree with DOCUMENTATION; run python tests/utils/option_tables.py --write\n' + diff


def test_every_plugin_has_a_table(root, option_tables):
    tables = option_tables.render_tables(root)
    found = option_tables.plugins(root)
    assert ('module', 'plugins/modules/sipgate_sms_caller_id.py', 'sipgate.io.sipgate_sms_caller_id') in found
    assert ('callback', 'plugins/callback/sipgate_sms.py', 'sipgate.io.sipgate_sms') in found
    assert ('filter', 'plugins/filter/e164.py', 'sipgate.io.e164') in found
    for plugin_type, path, fqcn in found:
        assert '### `%s` (%s)' % (fqcn, plugin_type) in tables


def test_markup_is_rendered_as_markdown(option_tables):
    text = option_tables.markup_to_markdown('Use O(sipgate.io.sipgate_sms#module:sms_id), V(+49 (157\\) 999), E(SIPGATE_TOKEN) and I(this).')
    assert text == 'Use `sms_id`, `+49 (157) 999`, `SIPGATE_TOKEN` and *this*.'


def test_table_cells_escape_pipes(option_tables):
    rows = option_tables.render_table({'x': {'description': ['A | B.'], 'type': 'str', 'default': 'a|b'}}).splitlines()
    assert rows[2] == '| `x` | str | `a\\|b` |  | A \\| B. |'
