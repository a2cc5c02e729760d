#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Create what ansible-test creates once per user, before test lanes start side by side.

ansible-test makes some files in the user's home the first time it needs them, and several ansible-test processes
started at once all try to: the losers fail (``ssh-keygen`` asks whether to overwrite ``~/.ansible/test/id_rsa``).
This script makes each of them once, under a lock, so that runs of it at the same time (two ``make test`` of one
user) do not race either:

- ``~/.ansible/test/id_rsa`` and ``id_rsa.pub``: the SSH key pair every ``ansible-test integration`` loads, made as
  ansible-test makes it (``SshKey.generate_key_pair``) and moved into place only when complete;
- ``~/.ansible/test/cache/get_pip_<version>.py``: the pip bootstrap script that ansible-test downloads from a host
  this machine may not reach, seeded with the offline stand-in ``get_pip_offline.py`` for the controller and every
  target Python given on the command line;
- ``~/.ansible/tmp``: the local temporary directory of ansible, private to the user.

Run it with the Python that has ansible-core installed: it asks that ansible-test which pip version it bootstraps and
where it keeps the key. Usage: ``prepare_home.py [PYTHON_VERSION ...]`` (default: the running Python's version).
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile

from ansible_test._internal.core_ci import SshKey
from ansible_test._internal.python_requirements import get_venv_packages

ANSIBLE_TEST_HOME = os.path.expanduser('~/.ansible/test')
LOCK_PATH = os.path.join(ANSIBLE_TEST_HOME, '.prepare-home.lock')
STAND_IN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_offline.py')


class _AnyPython:
    # get_venv_packages() only reads .version to look up per-version overrides.
    def __init__(self, version):
        self.version = version


def seed_pip_bootstrap(python_versions):
    """Copy the offline stand-in to ansible-test's pip bootstrap cache for each version whose cache file is missing."""
    for python_version in python_versions:
        pip_version = get_venv_packages(_AnyPython(python_version))['pip']
        cache_path = os.path.join(ANSIBLE_TEST_HOME, 'cache', 'get_pip_%s.py' % pip_version.replace('.', '_'))
        if os.path.exists(cache_path):
            continue
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        _write_atomic(cache_path, lambda temporary: shutil.copyfile(STAND_IN, temporary))
        print('Seeded the pip %s bootstrap cache with the offline stand-in: %s' % (pip_version, cache_path))


def make_ssh_key_pair():
    """The key pair ansible-test would generate on first use, at the path it looks for, unless both files exist."""
    # get_source_key_pair_paths() reads nothing of the instance; creating a real SshKey would generate the key itself.
    key, pub = SshKey.__new__(SshKey).get_source_key_pair_paths()
    if os.path.isfile(key) and os.path.isfile(pub):
        return
    os.makedirs(os.path.dirname(key), exist_ok=True)
    work = tempfile.mkdtemp(prefix='.ssh-key-', dir=os.path.dirname(key))
    try:
        new_key = os.path.join(work, SshKey.KEY_NAME)
        subprocess.run(['ssh-keygen', '-m', 'PEM', '-q', '-t', SshKey.KEY_TYPE, '-N', '', '-f', new_key],
                       check=True, stdin=subprocess.DEVNULL)
        # As ansible-test does: newer ssh-keygen PEM output is not recognized by paramiko.
        with open(new_key, encoding='utf-8') as handle:
            contents = re.sub(r'(BEGIN|END) PRIVATE KEY', r'\1 RSA PRIVATE KEY', handle.read())
        with open(new_key, 'w', encoding='utf-8') as handle:
            handle.write(contents)
        # The public key first: ansible-test uses the pair only when both files exist.
        os.replace(new_key + '.pub', pub)
        os.replace(new_key, key)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('Created the ansible-test SSH key pair: %s' % key)


def make_ansible_local_tmp():
    """ansible's local temporary directory (DEFAULT_LOCAL_TMP), private to the user."""
    os.makedirs(os.path.expanduser('~/.ansible/tmp'), mode=0o700, exist_ok=True)


def _write_atomic(path, write):
    directory = os.path.dirname(path)
    descriptor, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    os.close(descriptor)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv):
    python_versions = argv or ['%d.%d' % sys.version_info[:2]]
    os.makedirs(ANSIBLE_TEST_HOME, exist_ok=True)
    with open(LOCK_PATH, 'a', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        seed_pip_bootstrap(python_versions)
        make_ssh_key_pair()
        make_ansible_local_tmp()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
