# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""README.md as a newcomer reads it, run as written.

    python newcomer.py COLLECTION_ROOT WORK_DIR     (the sandbox from SANDBOX_API_URL, SANDBOX_TOKEN_ID, SANDBOX_TOKEN)

1. The shell commands of the Install section run in a copy of the repository with a HOME of their own, so the
   virtualenv the README makes is empty and the collection lands in an empty ~/.ansible; twice, as a second run after
   a change must work as well. pip is offline: it installs from wheels of the distributions of the Python running this
   (ansible-core, requests and what they need), and no configuration of this machine's pip is read.
2. Every INI inventory the README shows (a ```ini block starting with "# inventory.ini") goes through
   ansible-inventory of that install: it parses without a warning, and every phone number written on it reaches its
   host as the string it reads, not as an integer.
3. The ansible-doc commands of the Options section and the ready-to-run commands (ansible-playbook -i localhost, ...)
   run in that install, against the sandbox, and print no warning.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# The commands that need more than a package index: the install from git reaches GitHub.
NEEDS_MORE_THAN_A_PACKAGE_INDEX = re.compile(r'git\+https://')
_FENCE = re.compile(r'^```(\w+)\n(.*?)^```$', re.MULTILINE | re.DOTALL)
_PHONE = re.compile(r'^[+0][0-9 ]{6,}$')


def section(text, title):
    """The text of the ``## title`` section of a Markdown text, up to the next heading of that level."""
    start = text.index('\n## %s\n' % title)
    end = text.find('\n## ', start + 1)
    return text[start:end if end >= 0 else len(text)]


def blocks(text, language):
    return [match.group(2) for match in _FENCE.finditer(text) if match.group(1) == language]


def commands(block):
    """The commands of a shell block: continuation lines joined, blank lines dropped."""
    return [line for line in block.replace('\\\n', ' ').splitlines() if line.strip()]


def requirement_closure(names):
    """The distributions installed in this Python's site-packages that ``names`` need, with their own requirements.

    Only site-packages: the test runner puts its own copy of ansible on sys.path, which is not an installed wheel.
    """
    site_packages = sorted(set([sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib']]))
    pending, found = list(names), {}
    while pending:
        requirement = Requirement(pending.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({'extra': ''}):
            continue
        key = canonicalize_name(requirement.name)
        if key in found:
            continue
        found[key] = next(dist for dist in importlib.metadata.distributions(path=site_packages)
                          if canonicalize_name(dist.metadata['Name']) == key)
        pending.extend(found[key].requires or [])
    return list(found.values())


def wheel_tag(dist):
    """The compressed tag of the wheel a distribution was installed from (WHEEL's Tag lines), such as py3-none-any."""
    parts = [[], [], []]
    for line in dist.read_text('WHEEL').splitlines():
        if line.startswith('Tag:'):
            for index, part in enumerate(line.split(':', 1)[1].strip().split('-')):
                if part not in parts[index]:
                    parts[index].append(part)
    return '-'.join('.'.join(part) for part in parts)


def repack(dist, directory):
    """A wheel of an installed distribution: its files under site-packages, with a new RECORD. Returns its path."""
    name = canonicalize_name(dist.metadata['Name']).replace('-', '_')
    path = os.path.join(directory, '%s-%s-%s.whl' % (name, dist.version, wheel_tag(dist)))
    record, dist_info = [], None
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as wheel:
        for file in dist.files:
            relative = file.as_posix()
            top = relative.split('/', 1)[0]
            if top.endswith('.dist-info'):
                dist_info = top
                if relative.split('/', 1)[1] in ('RECORD', 'INSTALLER', 'REQUESTED', 'direct_url.json'):
                    continue
            # Scripts outside site-packages are made again from entry_points.txt; byte code is written again.
            if relative.startswith('..') or '__pycache__' in relative or not os.path.isfile(str(file.locate())):
                continue
            with open(str(file.locate()), 'rb') as handle:
                data = handle.read()
            wheel.writestr(relative, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode('ascii')
            record.append((relative, 'sha256=' + digest, str(len(data))))
        text = io.StringIO()
        csv.writer(text, lineterminator='\n').writerows(record + [(dist_info + '/RECORD', '', '')])
        wheel.writestr(dist_info + '/RECORD', text.getvalue())
    return path


def run(command, env, cwd, shell=False):
    """Run a command; its output, and a failure naming it and showing the output when it exits non-zero."""
    print('$ %s' % (command if shell else ' '.join(shlex.quote(part) for part in command)), flush=True)
    result = subprocess.run(['bash', '-euo', 'pipefail', '-c', command] if shell else command, env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=900, check=False)
    if result.returncode != 0:
        raise SystemExit('%s\nexited %d; its output above' % (result.stdout, result.returncode))
    return result.stdout


def no_warning(output, what):
    warnings = [line for line in output.splitlines() if '[WARNING]' in line or line.startswith('WARNING')]
    if warnings:
        raise SystemExit('%s\n%s printed warnings:\n%s' % (output, what, '\n'.join(warnings)))


def main(argv):
    collection, work = argv[1], argv[2]
    with open(os.path.join(collection, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()

    # 1. The Install section, as written, twice.
    install = [command for block in blocks(section(readme, 'Install'), 'bash') for command in commands(block)]
    skipped = [command for command in install if NEEDS_MORE_THAN_A_PACKAGE_INDEX.search(command)]
    install = [command for command in install if command not in skipped]
    assert any('pip install' in command for command in install), install
    assert any('collection build' in command for command in install), install
    assert any('collection install' in command for command in install), install
    print('install commands: %s\nleft out (they need more than a package index): %s' % (install, skipped))

    wheels = os.path.join(work, 'wheels')
    os.makedirs(wheels)
    for dist in requirement_closure(['ansible-core', 'requests']):
        repack(dist, wheels)
    repository = os.path.join(work, 'repository')
    shutil.copytree(collection, repository, ignore=shutil.ignore_patterns('output', '*.tar.gz'))
    home = os.path.join(work, 'home')
    os.makedirs(home)
    python_dir = os.path.dirname(os.path.realpath(shutil.which('python3') or sys.executable))
    env = dict(HOME=home, LANG='C.UTF-8', TMPDIR=work, PATH=os.pathsep.join([os.path.dirname(sys.executable), python_dir, '/usr/bin', '/bin']),
               PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX='1', PIP_FIND_LINKS=wheels, PIP_DISABLE_PIP_VERSION_CHECK='1',
               NO_COLOR='1', ANSIBLE_NOCOLOR='1')
    script = '\n'.join(install)
    for attempt in ('first run', 'second run'):
        print('== the Install section, %s' % attempt)
        run(script, env, repository, shell=True)

    # Where the README's commands put things: the virtualenv they made, the collection in ~/.ansible.
    venv_bin = os.path.join(home, '.venvs', 'ansible', 'bin')
    assert os.path.isfile(os.path.join(venv_bin, 'ansible-playbook')), 'the README made no virtualenv with ansible-playbook'
    with open(os.path.join(home, '.ansible', 'collections', 'ansible_collections', 'sipgate', 'io', 'MANIFEST.json'), encoding='utf-8') as handle:
        assert json.load(handle)['collection_info']['name'] == 'io'
    env['PATH'] = os.pathsep.join([venv_bin, env['PATH']])

    # 2. Every INI inventory line the README shows.
    inventories = [block for block in blocks(readme, 'ini') if block.startswith('# inventory.ini\n')]
    assert inventories, 'README.md shows no INI inventory'
    for index, block in enumerate(inventories):
        path = os.path.join(work, 'inventory-%d.ini' % index)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(block)
        output = run(['ansible-inventory', '-i', path, '--list'], env, work)
        no_warning(output, 'ansible-inventory of the README inventory %d' % index)
        hostvars = json.loads(output)['_meta']['hostvars']
        check_phone_numbers(block, hostvars)

    # 3. The manual pages and the ready-to-run commands.
    options = section(readme, 'Options')
    for command in sorted(set(re.findall(r'`(ansible-doc [^`]+)`', options))):
        no_warning(run(shlex.split(command), env, work), command)
    env.update(SIPGATE_API_URL=os.environ['SANDBOX_API_URL'], SIPGATE_TOKEN_ID=os.environ['SANDBOX_TOKEN_ID'],
               SIPGATE_TOKEN=os.environ['SANDBOX_TOKEN'], SIPGATE_SMS_ID='s0')
    ready = [command for block in blocks(readme, 'bash') for command in commands(block)
             if command.startswith('ansible-playbook -i localhost, ') and 'awx_credential_type' not in command]
    assert len(ready) >= 3, ready
    # The modules run in the controller process (their action plugins): no interpreter discovery, so no warning of it.
    for command in ready:
        no_warning(run(command, env, work, shell=True), command)
    # What they sent: the deployment notice, once; the sender set-up only adds the number; the balance is above 10.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(os.environ['SANDBOX_URL'] + '/_sandbox/outbox', timeout=60) as answer:
        outbox = json.load(answer)['items']
    assert len(outbox) == 1 and re.fullmatch(r'shop 2\.4\.1 deployed to 1 host in [0-9]+s\.', outbox[0]['message']), outbox
    print('README.md works for a newcomer: %d install commands (twice), %d INI inventories, %d ready-to-run commands'
          % (len(install), len(inventories), len(ready)))


def check_phone_numbers(block, hostvars):
    """Every phone number written in the inventory reaches the hosts as the string it reads."""
    written = {}
    for line in block.splitlines():
        for name, value in re.findall(r'''(\w+)=('[^']*'|"[^"]*"|\[[^\]]*\]|\S+)''', line):
            written.setdefault(name, []).append(value)
    checked = 0
    for host, variables in hostvars.items():
        for name, value in variables.items():
            for number in value if isinstance(value, list) else [value]:
                if isinstance(number, int) or (isinstance(number, str) and _PHONE.match(number.strip('"\''))):
                    assert isinstance(number, str) and _PHONE.match(number), (
                        '%s of %s is %r: the README says it stays a phone number string (written %s)' % (name, host, number, written.get(name)))
                    assert any(number in value for value in written.get(name, [])), (name, host, number, written.get(name))
                    checked += 1
    assert checked, 'no phone number found in the README inventory'


if __name__ == '__main__':
    main(sys.argv)
