#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the get-pip.py script that ansible-test downloads to bootstrap pip into its virtualenvs.

ansible-test caches that script as ~/.ansible/test/cache/get_pip_<version>.py and runs it with pip's install
arguments (for example ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``). This stand-in
installs the pip bundled with Python (ensurepip) and then lets that pip install what was asked for, from the
package index configured on this machine.
"""
from __future__ import annotations

import subprocess
import sys

# get-pip.py options that pip install does not know.
GET_PIP_ONLY_OPTIONS = frozenset(['--no-setuptools', '--no-wheel'])


def main():
    # ensurepip runs in its own process: in-process it sets PIP_CONFIG_FILE=/dev/null, which would hide the
    # pip configuration (index and certificates) from the install below.
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'])
    arguments = [argument for argument in sys.argv[1:] if argument not in GET_PIP_ONLY_OPTIONS]
    if arguments:
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + arguments)


if __name__ == '__main__':
    main()
