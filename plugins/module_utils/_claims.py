# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The record of claims on the machine that runs the task, shared by every fork and run of one user.

Evidence read from the API (a history entry, a reply) may fit more than one attempt of this machine: two forks that sent
the same text to the same number, or an earlier run and a later one. Each piece of evidence confirms at most one
attempt, so whoever uses one claims it here first, and an attempt that finds every fitting piece claimed by others
stays unconfirmed.

Records are grouped by ``kind`` (a word such as ``history``, naming what the ids are) and ``key`` (any text naming the
scope, such as the API URL and the extension): one JSON file per (kind, key), in the private directory of the sender
lock (``_lock.lock_directory()``). Every read and write holds the file lock of that (kind, key) exclusively
(``_lock.held``), so processes and threads never interleave; a file is replaced atomically (a temporary file, then
``os.replace``), so a process killed at any moment leaves the old record or the new one, never a torn one. Entries older
than MAX_AGE (30 days) are dropped from the file whenever it is next used; a ``max_age`` argument ignores entries older
than that on the way out only, so one reader's shorter bound never removes what another one still counts.

Interface (ids are compared as text; every function takes ``directory``, the base of the lock directory, for tests):

- ``claim(kind, key, candidates, owner)``: the first of ``candidates`` not claimed by anybody else, now recorded for
  ``owner`` (a text naming the attempt); a candidate ``owner`` claimed before is returned again first. None when every
  candidate is taken.
- ``claimed(kind, key)``: the set of ids claimed, by anybody. ``claims(kind, key)``: a dict id -> owner.
- ``release(kind, key, owner)``: forget every claim of ``owner`` (an attempt that gave its evidence up).
- ``record_pending(kind, key, attempt_id, data)``: note an attempt that was sent, or whose outcome is unknown, and that
  is not yet confirmed; ``data`` is anything JSON can hold. ``clear_pending(kind, key, attempt_id)`` removes it;
  ``pending(kind, key)`` is a dict attempt_id -> ``{'data': data, 'created': Unix seconds}``.

A record that cannot be used (not JSON, a link, another user's file) raises ClaimsError; so does a lock that cannot be
had within ``wait`` seconds. Whoever claims must then treat its evidence as not confirmed.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time

from ansible_collections.sipgate.io.plugins.module_utils._lock import LockError, held, lock_directory, lock_name

# Records older than this are dropped on read, in seconds: the API keeps no attempt open this long.
MAX_AGE = 30 * 24 * 3600.0
# How long a claim waits for another process that reads or writes the same record; each holds it for milliseconds.
WAIT = 60.0
FORMAT_VERSION = 1
KIND = re.compile(r'[a-z][a-z0-9_]{0,31}')


class ClaimsError(Exception):
    """The record of claims could not be read or written; nothing in it changed."""


def claim(kind, key, candidates, owner, max_age=MAX_AGE, directory=None, wait=WAIT, clock=time.time):
    """Claim the first of ``candidates`` that nobody else holds for ``owner``; return it, or None when all are taken.

    A candidate that ``owner`` already holds is returned again (before any other), so asking twice claims once. A claim
    older than ``max_age`` seconds no longer holds its id.
    """
    with _record(kind, key, directory, wait, clock) as record:
        held_by = _younger(record.claims, clock() - max_age)
        mine = [candidate for candidate in candidates if held_by.get(str(candidate), {}).get('owner') == owner]
        if mine:
            return mine[0]
        for candidate in candidates:
            if str(candidate) not in held_by:
                record.claims[str(candidate)] = {'owner': owner, 'created': clock()}
                record.changed = True
                return candidate
    return None


def claimed(kind, key, max_age=MAX_AGE, directory=None, wait=WAIT, clock=time.time):
    """The ids claimed by anybody, as a set of texts."""
    return set(claims(kind, key, max_age, directory, wait, clock))


def claims(kind, key, max_age=MAX_AGE, directory=None, wait=WAIT, clock=time.time):
    """Every claim, as a dict of id (text) -> owner."""
    with _record(kind, key, directory, wait, clock) as record:
        return dict((entry_id, entry['owner']) for entry_id, entry in _younger(record.claims, clock() - max_age).items())


def release(kind, key, owner, directory=None, wait=WAIT, clock=time.time):
    """Forget every claim of ``owner``; return the ids it held, as a set of texts."""
    with _record(kind, key, directory, wait, clock) as record:
        released = set(entry_id for entry_id, entry in record.claims.items() if entry['owner'] == owner)
        for entry_id in released:
            del record.claims[entry_id]
        record.changed = bool(released)
        return released


def record_pending(kind, key, attempt_id, data, directory=None, wait=WAIT, clock=time.time):
    """Note that ``attempt_id`` was sent (or may have been) and is not yet confirmed; ``data`` says what it was."""
    with _record(kind, key, directory, wait, clock) as record:
        record.pending[str(attempt_id)] = {'data': data, 'created': clock()}
        record.changed = True


def clear_pending(kind, key, attempt_id, directory=None, wait=WAIT, clock=time.time):
    """Remove the note of ``attempt_id``; True when there was one."""
    with _record(kind, key, directory, wait, clock) as record:
        record.changed = record.pending.pop(str(attempt_id), None) is not None
        return record.changed


def pending(kind, key, max_age=MAX_AGE, directory=None, wait=WAIT, clock=time.time):
    """The attempts noted and not cleared, younger than ``max_age``: attempt_id -> ``{'data', 'created'}``."""
    with _record(kind, key, directory, wait, clock) as record:
        return dict((attempt_id, dict(entry)) for attempt_id, entry in _younger(record.pending, clock() - max_age).items())


def record_path(kind, key, directory=None):
    """The file of the record of (``kind``, ``key``), in the private lock directory."""
    return os.path.join(_directory(directory), _base_name(kind, key) + '.json')


class _Record(object):
    """The contents of one record while its lock is held; ``changed`` makes the ``with`` block write it back."""

    def __init__(self, claims, pending):
        self.claims = claims
        self.pending = pending
        self.changed = False


class _record(object):
    """Hold the lock of (``kind``, ``key``), read its record, and write it back atomically when it changed."""

    def __init__(self, kind, key, directory, wait, clock):
        if not isinstance(kind, str) or not KIND.fullmatch(kind):
            raise ValueError('a claims kind is a lower-case word, not %r' % (kind,))
        self.kind, self.key = kind, str(key)
        self.directory, self.wait, self.clock = directory, wait, clock
        self._held = None
        self.record = None

    def __enter__(self):
        name = _base_name(self.kind, self.key)
        self._held = held(name + '.lock', exclusive=True, wait=self.wait, directory=self.directory)
        try:
            self._held.__enter__()
        except LockError as error:
            raise ClaimsError('the record of claims %s is not available: %s' % (name, error))
        try:
            self.path = os.path.join(_directory(self.directory), name + '.json')
            self.record = _read(self.path, self.clock() - MAX_AGE)
        except BaseException:
            self._held.__exit__(None, None, None)
            raise
        return self.record

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            if exc_type is None and self.record.changed:
                _write(self.path, self.kind, self.key, self.record)
        finally:
            self._held.__exit__(exc_type, exc_value, traceback)
        return False


def _directory(directory):
    try:
        return lock_directory(directory)
    except LockError as error:
        raise ClaimsError(str(error))


def _base_name(kind, key):
    """``claims-`` and a hash of both: any key is safe in a file name."""
    return lock_name(kind, key, purpose='claims')[:-len('.lock')]


def _read(path, oldest):
    """The record at ``path`` without entries created before ``oldest``; an empty one when there is no file."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0))
    except OSError as error:
        if error.errno == errno.ENOENT:
            return _Record({}, {})
        raise ClaimsError('cannot open the record of claims %s: %s' % (path, error.strerror))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise ClaimsError('the record of claims %s is not a file of the running user; remove it' % path)
        with os.fdopen(descriptor, 'rb') as stream:
            descriptor = None
            data = json.loads(stream.read().decode('utf-8'))
    except ValueError:
        raise ClaimsError('the record of claims %s is not valid JSON; remove it' % path)
    finally:
        if descriptor is not None:
            os.close(descriptor)
    if not isinstance(data, dict) or not isinstance(data.get('claims'), dict) or not isinstance(data.get('pending'), dict):
        raise ClaimsError('the record of claims %s is not of this version of the collection; remove it' % path)
    record = _Record(_younger(data['claims'], oldest), _younger(data['pending'], oldest))
    # Entries that aged out are gone from the file at the next write.
    record.changed = len(record.claims) != len(data['claims']) or len(record.pending) != len(data['pending'])
    return record


def _younger(entries, oldest):
    kept = {}
    for entry_id, entry in entries.items():
        created = entry.get('created') if isinstance(entry, dict) else None
        if isinstance(created, (int, float)) and created >= oldest:
            kept[entry_id] = entry
    return kept


def _write(path, kind, key, record):
    """Write ``record`` to a temporary file beside ``path``, then put it in place in one step.

    The temporary file has one fixed name: only the holder of the lock writes it, and one left by a killed process is
    simply overwritten.
    """
    temporary = path + '.tmp'
    data = json.dumps({'version': FORMAT_VERSION, 'kind': kind, 'key': key, 'claims': record.claims, 'pending': record.pending},
                      sort_keys=True).encode('utf-8')
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0)
    try:
        descriptor = os.open(temporary, flags, 0o600)
        try:
            written = 0
            while written < len(data):
                written += os.write(descriptor, data[written:])
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except OSError as error:
        raise ClaimsError('cannot write the record of claims %s: %s' % (path, error.strerror))
