# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lock on an extension's default sender: across processes, with its bounded wait, in a private directory.

Other processes hold the lock for real (multiprocessing); the test and the holders tell each other through pipes
when a lock is held or wanted, so no test sleeps to wait for another process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _lock
from ansible_collections.sipgate.io.plugins.module_utils._lock import LockError, LockTimeout, held, lock_directory, lock_name

NAME = lock_name('https://api.sipgate.com/v2', 's0')
# Long enough for any machine: a test that waits this long for a free lock has failed.
PATIENCE = 30.0
CONTEXT = multiprocessing.get_context('fork')


def _holder(directory, exclusive, pipe):
    """Take the lock, say so, and release it when told (or die with it held, when killed)."""
    with held(NAME, exclusive, wait=PATIENCE, directory=directory):
        pipe.send('held')
        pipe.recv()
    pipe.send('released')


def _waiter(directory, exclusive, pipe):
    """Ask for the lock and say 'waiting' when it found the lock taken; say 'held' once it has it, release when told."""
    told = []

    def sleep(seconds):
        if not told:
            told.append(True)
            pipe.send('waiting')
        pipe.poll(seconds)

    with held(NAME, exclusive, wait=PATIENCE, directory=directory, sleep=sleep):
        pipe.send('held')
        pipe.recv()


class Process(object):
    """Another process that runs ``target(directory, exclusive, pipe)``; ``expect`` awaits what it says."""

    def __init__(self, target, directory, exclusive):
        self.pipe, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=target, args=(str(directory), exclusive, child), daemon=True)
        self.process.start()

    def expect(self, word):
        assert self.pipe.poll(PATIENCE), 'the other process did not say %r' % word
        assert self.pipe.recv() == word

    def release(self):
        self.pipe.send('release')

    def stop(self):
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(PATIENCE)


@pytest.fixture
def other(tmp_path):
    started = []

    def start(exclusive, target=_holder):
        process = Process(target, tmp_path, exclusive)
        started.append(process)
        return process
    yield start
    for process in started:
        process.stop()


class Clock(object):
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_an_exclusive_holder_keeps_a_shared_one_out_until_it_releases(tmp_path, other):
    holder = other(exclusive=True)
    holder.expect('held')
    clock = Clock()
    with pytest.raises(LockTimeout) as timeout:
        with held(NAME, exclusive=False, wait=2.0, directory=str(tmp_path), clock=clock, sleep=clock.sleep):
            pytest.fail('the lock was taken while another process held it exclusively')
    assert timeout.value.waited == 2.0
    holder.release()
    holder.expect('released')
    with held(NAME, exclusive=False, wait=0, directory=str(tmp_path)):
        pass


def test_a_shared_holder_keeps_a_switch_out_but_not_another_sender(tmp_path, other):
    holder = other(exclusive=False)
    holder.expect('held')
    with held(NAME, exclusive=False, wait=0, directory=str(tmp_path)):
        pass
    with pytest.raises(LockTimeout):
        with held(NAME, exclusive=True, wait=0, directory=str(tmp_path)):
            pytest.fail('the exclusive lock was taken while another process held it shared')


def test_the_lock_is_free_once_its_holder_dies(tmp_path, other):
    holder = other(exclusive=True)
    holder.expect('held')
    holder.stop()
    assert holder.process.exitcode == -signal.SIGKILL
    with held(NAME, exclusive=True, wait=0, directory=str(tmp_path)):
        pass


def test_a_waiting_switch_goes_before_new_plain_sends(tmp_path, other):
    reader = other(exclusive=False)
    reader.expect('held')
    writer = other(exclusive=True, target=_waiter)
    writer.expect('waiting')
    # While the switch waits for the first plain send to finish, a new plain send waits behind it.
    with pytest.raises(LockTimeout):
        with held(NAME, exclusive=False, wait=0, directory=str(tmp_path)):
            pytest.fail('a plain send overtook a waiting switch')
    reader.release()
    writer.expect('held')
    writer.release()
    writer.stop()
    with held(NAME, exclusive=False, wait=0, directory=str(tmp_path)):
        pass


def test_the_wait_is_bounded_and_polls_ever_less_often(tmp_path):
    clock = Clock()
    with held(NAME, exclusive=False, directory=str(tmp_path)):
        with pytest.raises(LockTimeout) as timeout:
            with held(NAME, exclusive=True, wait=1.0, directory=str(tmp_path), clock=clock, sleep=clock.sleep):
                pytest.fail('the exclusive lock was taken while a shared one was held')
    assert timeout.value.waited == pytest.approx(1.0)
    assert sum(clock.sleeps) == pytest.approx(1.0)
    assert clock.sleeps[:5] == pytest.approx([0.01, 0.02, 0.04, 0.05, 0.05])
    assert max(clock.sleeps) == _lock.LONGEST_POLL
    assert str(timeout.value) == os.path.join(str(tmp_path), 'sipgate.io-locks-%d' % os.getuid(), NAME)


def test_the_lock_directory_is_created_private(tmp_path):
    path = lock_directory(str(tmp_path))
    assert path == os.path.join(str(tmp_path), 'sipgate.io-locks-%d' % os.getuid())
    assert stat.S_IMODE(os.lstat(path).st_mode) == 0o700
    with held(NAME, exclusive=True, directory=str(tmp_path)) as lock_file:
        assert stat.S_IMODE(os.stat(lock_file).st_mode) == 0o600
    assert lock_directory(str(tmp_path)) == path


def test_a_lock_directory_others_may_write_to_is_refused(tmp_path):
    path = tmp_path / ('sipgate.io-locks-%d' % os.getuid())
    path.mkdir()
    path.chmod(0o777)
    with pytest.raises(LockError, match='may be written by other users \\(mode 0777\\); make it 0700 or remove it'):
        lock_directory(str(tmp_path))


def test_a_lock_directory_of_another_user_is_refused(tmp_path):
    uid = os.getuid() + 1
    with pytest.raises(LockError, match='belongs to user id %d, not to the running user \\(%d\\)' % (os.getuid(), uid)):
        lock_directory(str(tmp_path), uid=uid)


def test_a_link_in_place_of_the_lock_directory_is_refused(tmp_path):
    target = tmp_path / 'elsewhere'
    target.mkdir(mode=0o700)
    (tmp_path / ('sipgate.io-locks-%d' % os.getuid())).symlink_to(target)
    with pytest.raises(LockError, match='is not a directory'):
        lock_directory(str(tmp_path))


def test_a_link_in_place_of_the_lock_file_is_refused(tmp_path):
    directory = lock_directory(str(tmp_path))
    os.symlink(str(tmp_path / 'victim'), os.path.join(directory, NAME + '.gate'))
    with pytest.raises(LockError, match='cannot open the lock file'):
        with held(NAME, exclusive=True, directory=str(tmp_path)):
            pytest.fail('the lock followed a link')
    assert not (tmp_path / 'victim').exists()


def test_lock_names_are_hashes_of_their_parts():
    assert lock_name('https://api.sipgate.com/v2', 's0') != lock_name('https://api.sipgate.com/v2', 's1')
    assert NAME.startswith('sender-') and NAME.endswith('.lock') and '/' not in NAME
