# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The release checks of the collection: `nox -l` lists the sessions, `nox -e NAME` runs one, `nox -t matrix` runs
# ansible-test on every supported ansible-core. antsibull-nox.toml configures the antsibull-nox sessions; the
# ansible-test, changelog and actionlint sessions are defined below. Install: pip install -r release/requirements.txt

# /// script
# dependencies = ["nox>=2025.02.09", "antsibull-nox==1.10.0"]
# ///

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import nox

try:
    import antsibull_nox
except ImportError:
    print('You need to install antsibull-nox in the same Python environment as nox: pip install -r release/requirements.txt')
    sys.exit(1)


antsibull_nox.load_antsibull_nox_toml()

ROOT = os.path.dirname(os.path.abspath(__file__))
# Every ansible-core the collection supports (meta/runtime.yml), each pinned in release/matrix/ansible-core-<version>.txt.
ANSIBLE_CORE_VERSIONS = ['2.16', '2.17', '2.18', '2.19', '2.20', '2.21']
# The controller Python of every version of the matrix: the one Python all six ansible-core versions support.
CONTROLLER_PYTHON = '3.12'
# The Python versions the modules run on (tests/config.yml), for the compile and import sanity tests.
TARGET_PYTHONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']
TEST_STEPS = ['sanity', 'units', 'integration']


def find_python(version):
    """Return the path of a Python VERSION interpreter (PATH first, then pyenv; the base of a virtualenv), or None."""
    pyenv = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    candidates = [shutil.which('python%s' % version)] + sorted(glob.glob(os.path.join(pyenv, 'versions', version + '.*', 'bin', 'python' + version)))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            code = 'import sys; print("%d.%d" % sys.version_info[:2]); print(getattr(sys, "_base_executable", sys.executable))'
            found = subprocess.run([candidate, '-c', code], capture_output=True, text=True, check=False).stdout.split()
        except OSError:
            continue
        if len(found) == 2 and found[0] == version:
            return found[1]
    return None


def build_dir(name):
    """Where a session stages the collection: outside the repository, where ansible-test would list files with git."""
    return os.path.join(tempfile.gettempdir(), 'sipgate.io-%s-nox-%s' % (hashlib.sha256(ROOT.encode()).hexdigest()[:12], name))


def python_bin_dir(session):
    """A directory with pythonX.Y links to every target Python found, for ansible-test's multi-version sanity tests."""
    bin_dir = os.path.abspath(os.path.join(session.create_tmp(), 'target-pythons'))
    os.makedirs(bin_dir, exist_ok=True)
    missing = []
    for version in TARGET_PYTHONS:
        python = find_python(version)
        link = os.path.join(bin_dir, 'python' + version)
        if os.path.lexists(link):
            os.remove(link)
        if python:
            os.symlink(python, link)
        else:
            missing.append(version)
    if missing:
        session.warn('No Python %s found (PATH or pyenv): ansible-test skips the compile and import sanity tests on it.' % ', '.join(missing))
    return bin_dir


def add_ansible_test_session(core):
    controller = find_python(CONTROLLER_PYTHON)
    name = 'ansible-test-%s' % core
    description = 'ansible-test %s on ansible-core %s (release/matrix/ansible-core-%s.txt), Python %s controller' % (
        ', '.join(TEST_STEPS), core, core, CONTROLLER_PYTHON)

    if controller is None:
        @nox.session(name=name, python=False, tags=['matrix'], default=False)
        def missing_python(session):
            session.error('%s needs Python %s as its controller, and there is none: no python%s on PATH and none under '
                          '~/.pyenv/versions/%s.* (install it, for example with pyenv install %s)' % (
                              name, CONTROLLER_PYTHON, CONTROLLER_PYTHON, CONTROLLER_PYTHON, CONTROLLER_PYTHON))
        missing_python.__doc__ = description
        return

    @nox.session(name=name, python=controller, tags=['matrix'], default=False)
    def ansible_test(session):
        # Steps to run, by default all three: nox -e ansible-test-2.16 -- sanity units
        steps = session.posargs or TEST_STEPS
        env = {
            'PATH': os.pathsep.join([python_bin_dir(session), os.environ.get('PATH', '')]),
            'PYTHON': os.path.join(session.bin, 'python'),
            'SIPGATE_TEST_VENV': session.virtualenv.location,
            'SIPGATE_TEST_REQUIREMENTS': os.path.join(ROOT, 'release', 'matrix', 'ansible-core-%s.txt' % core),
            'SIPGATE_BUILD_DIR': build_dir(name),
            'SIPGATE_SANITY_ALL_PYTHONS': '1',
        }
        session.run('bash', os.path.join(ROOT, 'tests', 'utils', 'run-tests.sh'), *steps, env=env, external=True)

    ansible_test.__doc__ = description


for _core in ANSIBLE_CORE_VERSIONS:
    add_ansible_test_session(_core)


@nox.session(name='actionlint', default=True)
def actionlint(session):
    """actionlint on the GitHub Actions workflows in .github/workflows/ (the unit tests run it too)."""
    session.install('-r', os.path.join(ROOT, 'tests', 'unit', 'requirements.txt'))
    session.run('actionlint', '-color' if sys.stdout.isatty() else '-no-color')


@nox.session(name='changelog', default=False)
def changelog(session):
    """antsibull-changelog lint, then generate CHANGELOG.md (nox -e changelog -- release --version X.Y.Z releases)."""
    session.install('-r', os.path.join(ROOT, 'release', 'requirements-changelog.txt'))
    session.run('antsibull-changelog', 'lint')
    # antsibull-changelog finds new plugins with ansible-doc, which needs the collection under ansible_collections/.
    staged_root = build_dir('changelog')
    staged = session.run('bash', '-c', '. tests/utils/common.sh && stage_collection', env={'SIPGATE_BUILD_DIR': staged_root},
                         external=True, silent=True).strip().splitlines()[-1]
    with session.chdir(staged):
        session.run('antsibull-changelog', *(session.posargs or ['generate']), env={'ANSIBLE_COLLECTIONS_PATH': staged_root})
    for path in ('CHANGELOG.md', os.path.join('changelogs', 'changelog.yaml')):
        shutil.copyfile(os.path.join(staged, path), os.path.join(ROOT, path))
    # A release consumes the fragments: remove those the staged copy no longer has.
    for fragment in glob.glob(os.path.join(ROOT, 'changelogs', 'fragments', '*')):
        if not os.path.exists(os.path.join(staged, 'changelogs', 'fragments', os.path.basename(fragment))):
            session.log('removing consumed fragment %s' % fragment)
            os.remove(fragment)


# Allow to run the noxfile with `python noxfile.py`, `pipx run noxfile.py`, or similar.
if __name__ == '__main__':
    nox.main()
