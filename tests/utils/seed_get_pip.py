#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed ansible-test's pip bootstrap cache with the offline stand-in, only where the cache file is missing.

Run it with the Python that has ansible-core installed: it asks that ansible-test which pip version it bootstraps.
"""
from __future__ import annotations

import os
import shutil
import sys

from ansible_test._internal.python_requirements import get_venv_packages


class _AnyPython:
    # get_venv_packages() only reads .version to look up per-version overrides.
    def __init__(self, version):
        self.version = version


def main():
    stand_in = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_offline.py')
    versions = sys.argv[1:] or ['%d.%d' % sys.version_info[:2]]
    for python_version in versions:
        pip_version = get_venv_packages(_AnyPython(python_version))['pip']
        cache_path = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % pip_version.replace('.', '_'))
        if os.path.exists(cache_path):
            print('pip %s bootstrap script already cached: %s' % (pip_version, cache_path))
            continue
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        shutil.copyfile(stand_in, cache_path)
        print('Seeded the pip %s bootstrap cache with the offline stand-in: %s' % (pip_version, cache_path))


if __name__ == '__main__':
    main()
