# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The lock on one SMS extension's default sender, for the processes of one user on one machine.

``fcntl.flock`` on a file in a directory only the running user may write to: exclusive while a task has switched the
default sender, shared while a task sends as the default. The kernel releases it when the process ends, however it
ends. There is no flock with a timeout, so a lock that is taken is polled for, until a deadline.

A writer first takes a gate, and a reader passes the gate before it takes its shared lock: while a switch waits, new
plain sends wait behind it, so a steady stream of plain sends cannot keep a switch waiting for ever.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import time

from ansible_collections.sipgate.io.plugins.module_utils._options import LOCK_WAIT

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # not a POSIX system
    fcntl = None
    HAS_FCNTL = False

# How often a lock that is taken is tried again: from the first to the longest pause, doubling.
FIRST_POLL = 0.01
LONGEST_POLL = 0.05


class LockError(Exception):
    """The lock could not be taken; nothing was done under it."""


class LockTimeout(LockError):
    """Another process held the lock for longer than the wait."""

    def __init__(self, message, waited):
        super(LockTimeout, self).__init__(message)
        self.waited = waited


def lock_directory(base=None, uid=None):
    """The directory of the lock files of the running user, created when missing (mode 0700).

    It is refused unless it is a real directory (not a link) owned by the user that no one else may write to, because
    whoever may write there could take the lock away or hold it. Raises LockError.
    """
    uid = os.getuid() if uid is None else uid
    path = os.path.join(base or tempfile.gettempdir(), 'sipgate.io-locks-%d' % uid)
    try:
        os.mkdir(path, 0o700)
    except OSError as error:
        if error.errno != errno.EEXIST:
            raise LockError('cannot create the lock directory %s: %s' % (path, error.strerror))
    try:
        info = os.lstat(path)
    except OSError as error:
        raise LockError('cannot read the lock directory %s: %s' % (path, error.strerror))
    if not stat.S_ISDIR(info.st_mode):
        raise LockError('the lock directory %s is not a directory (a link or a file is in its place); remove it' % path)
    if info.st_uid != uid:
        raise LockError('the lock directory %s belongs to user id %d, not to the running user (%d); remove it' % (path, info.st_uid, uid))
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise LockError('the lock directory %s may be written by other users (mode %04o); make it 0700 or remove it'
                        % (path, stat.S_IMODE(info.st_mode)))
    return path


def lock_name(*parts, purpose='sender'):
    """The file name of the lock of ``parts`` (such as the API URL and the extension): a hash, so any text is safe.

    ``purpose`` starts the name, so locks of different purposes never share a file.
    """
    digest = hashlib.sha256('\0'.join(parts).encode('utf-8')).hexdigest()
    return '%s-%s.lock' % (purpose, digest[:32])


def _open(path, uid):
    flags = os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        raise LockError('cannot open the lock file %s: %s' % (path, error.strerror))
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != uid:
        os.close(descriptor)
        raise LockError('the lock file %s is not a file of the running user; remove it' % path)
    return descriptor


def _acquire(descriptor, operation, deadline, clock, sleep):
    """Take ``operation`` (LOCK_SH or LOCK_EX) on ``descriptor`` before ``deadline``; False when the deadline passed."""
    pause = FIRST_POLL
    while True:
        try:
            fcntl.flock(descriptor, operation | fcntl.LOCK_NB)
            return True
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise LockError('cannot lock: %s' % error.strerror)
        left = deadline - clock()
        if left <= 0:
            return False
        sleep(min(pause, left))
        pause = min(pause * 2, LONGEST_POLL)


@contextlib.contextmanager
def held(name, exclusive, wait=LOCK_WAIT, directory=None, clock=time.monotonic, sleep=time.sleep):
    """Hold the lock ``name`` (from lock_name) for the ``with`` block, exclusive or shared.

    Raises LockTimeout when it is not free within ``wait`` seconds, LockError when it cannot be used at all.
    Yields the path of the lock file.
    """
    if not HAS_FCNTL:
        raise LockError('this system has no fcntl.flock, so the sender cannot be switched safely')
    uid = os.getuid()
    directory = lock_directory(directory, uid)
    path = os.path.join(directory, name)
    started = clock()
    deadline = started + wait
    gate = _open(path + '.gate', uid)
    lock = None
    try:
        if not _acquire(gate, fcntl.LOCK_EX, deadline, clock, sleep):
            raise LockTimeout(path, clock() - started)
        try:
            lock = _open(path, uid)
            if not _acquire(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline, clock, sleep):
                raise LockTimeout(path, clock() - started)
        finally:
            # A writer passes the gate on once it has the lock; a reader at once.
            fcntl.flock(gate, fcntl.LOCK_UN)
        yield path
    finally:
        if lock is not None:
            os.close(lock)
        os.close(gate)
