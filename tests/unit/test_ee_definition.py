# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The execution environment's definition (extensions/ee/) names exactly the tarball of galaxy.yml's version.

ansible-builder takes additional_build_files' src as a glob and only warns when nothing matches: a pattern such as
sipgate-io-*.tar.gz takes a tarball of any version (or none), while requirements.yml installs one by name. The
integration target execution_environment builds the context (make ee) and checks what it holds.
"""

from __future__ import annotations

import os

import yaml

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(path):
    with open(os.path.join(COLLECTION, path), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_the_definition_and_the_galaxy_requirements_name_the_tarball_of_galaxy_yml():
    tarball = 'sipgate-io-%s.tar.gz' % load('galaxy.yml')['version']
    definition = load('extensions/ee/execution-environment.yml')
    assert [(entry['src'], entry['dest']) for entry in definition['additional_build_files']] == [(tarball, 'collections')]
    assert definition['dependencies']['galaxy'] == 'requirements.yml'
    files = [entry for entry in load('extensions/ee/requirements.yml')['collections'] if entry.get('type') == 'file']
    assert [entry['name'] for entry in files] == ['collections/' + tarball]
