# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The record of claims: one owner per id across processes and threads, atomic writes, bounded age.

Other processes claim for real (multiprocessing) and start together at a barrier, so no test sleeps.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import stat
import threading

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _claims
from ansible_collections.sipgate.io.plugins.module_utils._claims import (
    ClaimsError, claim, claimed, claims, clear_pending, pending, record_path, record_pending, release,
)

KEY = 'https://api.sipgate.com/v2 s0'
# Long enough for any machine: a test that waits this long has failed.
PATIENCE = 60.0
CONTEXT = multiprocessing.get_context('fork')


class Clock(object):
    """Wall-clock seconds that move only when the test says so."""

    def __init__(self, now=1700000000.0):
        self.now = now

    def __call__(self):
        return self.now


def _claimant(directory, owner, candidates, barrier, results):
    barrier.wait(PATIENCE)
    results.put((owner, claim('history', KEY, candidates, owner, directory=directory)))


def test_processes_claiming_at_once_never_share_an_id(tmp_path):
    candidates = ['e1', 'e2', 'e3', 'e4']
    owners = ['attempt-%d' % number for number in range(8)]
    barrier = CONTEXT.Barrier(len(owners))
    results = CONTEXT.Queue()
    processes = [CONTEXT.Process(target=_claimant, args=(str(tmp_path), owner, candidates, barrier, results))
                 for owner in owners]
    for process in processes:
        process.start()
    try:
        chosen = dict(results.get(timeout=PATIENCE) for dummy in owners)
    finally:
        for process in processes:
            process.join(PATIENCE)
    won = [entry for entry in chosen.values() if entry is not None]
    assert sorted(won) == candidates
    assert list(chosen.values()).count(None) == len(owners) - len(candidates)
    assert claims('history', KEY, directory=str(tmp_path)) == dict((entry, owner) for owner, entry in chosen.items() if entry)
    assert all(process.exitcode == 0 for process in processes)


def test_threads_claiming_at_once_never_share_an_id(tmp_path):
    chosen = []
    barrier = threading.Barrier(6)

    def work(owner):
        barrier.wait(PATIENCE)
        chosen.append(claim('history', KEY, ['e1', 'e2', 'e3'], owner, directory=str(tmp_path)))

    threads = [threading.Thread(target=work, args=('thread-%d' % number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE)
    assert sorted(entry for entry in chosen if entry) == ['e1', 'e2', 'e3']
    assert chosen.count(None) == 3


def test_a_claim_takes_the_first_free_candidate_and_asking_again_claims_once(tmp_path):
    directory = str(tmp_path)
    assert claim('history', KEY, ['e1', 'e2'], 'first', directory=directory) == 'e1'
    assert claim('history', KEY, ['e1', 'e2'], 'second', directory=directory) == 'e2'
    assert claim('history', KEY, ['e1', 'e2'], 'third', directory=directory) is None
    # The owner gets its own claim back, even when it is not the first candidate.
    assert claim('history', KEY, ['e1', 'e2'], 'second', directory=directory) == 'e2'
    assert claimed('history', KEY, directory=directory) == {'e1', 'e2'}


def test_ids_are_compared_as_text_and_the_candidate_is_returned_as_given(tmp_path):
    assert claim('reply', KEY, [17, 18], 'a', directory=str(tmp_path)) == 17
    assert claim('reply', KEY, ['17', 18], 'b', directory=str(tmp_path)) == 18
    assert claimed('reply', KEY, directory=str(tmp_path)) == {'17', '18'}


def test_kinds_and_keys_are_separate_records(tmp_path):
    directory = str(tmp_path)
    assert claim('history', KEY, ['e1'], 'a', directory=directory) == 'e1'
    assert claim('reply', KEY, ['e1'], 'a', directory=directory) == 'e1'
    assert claim('history', KEY + ' other', ['e1'], 'a', directory=directory) == 'e1'
    assert record_path('history', KEY, directory) != record_path('reply', KEY, directory)


def test_release_gives_the_ids_of_one_owner_back(tmp_path):
    directory = str(tmp_path)
    claim('history', KEY, ['e1'], 'a', directory=directory)
    claim('history', KEY, ['e1', 'e2'], 'b', directory=directory)
    assert release('history', KEY, 'a', directory=directory) == {'e1'}
    assert claims('history', KEY, directory=directory) == {'e2': 'b'}
    assert release('history', KEY, 'nobody', directory=directory) == set()


def test_pending_attempts_are_recorded_cleared_and_dropped_when_too_old(tmp_path):
    directory = str(tmp_path)
    clock = Clock()
    record_pending('history', KEY, 'attempt-1', {'recipient': '+4915100000001'}, directory=directory, clock=clock)
    clock.now += 10
    record_pending('history', KEY, 'attempt-2', {'recipient': '+4915100000002'}, directory=directory, clock=clock)
    assert pending('history', KEY, directory=directory, clock=clock) == {
        'attempt-1': {'data': {'recipient': '+4915100000001'}, 'created': 1700000000.0},
        'attempt-2': {'data': {'recipient': '+4915100000002'}, 'created': 1700000010.0},
    }
    assert list(pending('history', KEY, max_age=5, directory=directory, clock=clock)) == ['attempt-2']
    assert clear_pending('history', KEY, 'attempt-2', directory=directory, clock=clock) is True
    assert clear_pending('history', KEY, 'attempt-2', directory=directory, clock=clock) is False
    assert list(pending('history', KEY, directory=directory, clock=clock)) == ['attempt-1']


def test_entries_older_than_the_bound_are_dropped_from_the_file(tmp_path):
    directory = str(tmp_path)
    clock = Clock()
    claim('history', KEY, ['old'], 'a', directory=directory, clock=clock)
    clock.now += _claims.MAX_AGE + 1
    assert claim('history', KEY, ['old'], 'b', directory=directory, clock=clock) == 'old'
    with open(record_path('history', KEY, directory), encoding='utf-8') as stream:
        assert json.load(stream)['claims'] == {'old': {'owner': 'b', 'created': clock.now}}


def test_the_record_is_private_and_written_by_replacing_it(tmp_path, monkeypatch):
    directory = str(tmp_path)
    claim('history', KEY, ['e1'], 'a', directory=directory)
    path = record_path('history', KEY, directory)
    assert os.path.dirname(path) == os.path.join(directory, 'sipgate.io-locks-%d' % os.getuid())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(_claims.os, 'replace', lambda source, target: replaced.append((source, target)) or real_replace(source, target))
    claim('history', KEY, ['e1', 'e2'], 'b', directory=directory)
    assert replaced == [(path + '.tmp', path)]


def _killed_while_writing(directory, ready):
    """Claim, but die right after the temporary file is written, before it replaces the record."""
    def die(source, target):
        ready.set()
        os.kill(os.getpid(), signal.SIGKILL)
    _claims.os.replace = die
    claim('history', KEY, ['e1', 'e2'], 'killed', directory=directory)


def test_a_process_killed_while_writing_leaves_the_old_record_and_frees_the_lock(tmp_path):
    directory = str(tmp_path)
    claim('history', KEY, ['e1'], 'before', directory=directory)
    ready = CONTEXT.Event()
    process = CONTEXT.Process(target=_killed_while_writing, args=(directory, ready))
    process.start()
    process.join(PATIENCE)
    assert ready.is_set() and process.exitcode == -signal.SIGKILL
    assert os.path.exists(record_path('history', KEY, directory) + '.tmp')
    # The old record stands, and the lock the dead process held is free at once.
    assert claims('history', KEY, directory=directory, wait=0) == {'e1': 'before'}
    assert claim('history', KEY, ['e1', 'e2'], 'after', directory=directory, wait=0) == 'e2'


def test_a_record_that_is_not_json_is_an_error_not_an_empty_record(tmp_path):
    directory = str(tmp_path)
    claim('history', KEY, ['e1'], 'a', directory=directory)
    with open(record_path('history', KEY, directory), 'w', encoding='utf-8') as stream:
        stream.write('{"claims": ')
    with pytest.raises(ClaimsError, match='is not valid JSON; remove it'):
        claim('history', KEY, ['e1'], 'b', directory=directory)


def test_a_link_in_place_of_the_record_is_refused(tmp_path):
    directory = str(tmp_path)
    path = record_path('history', KEY, directory)
    os.symlink(str(tmp_path / 'victim'), path)
    with pytest.raises(ClaimsError, match='cannot open the record of claims'):
        claimed('history', KEY, directory=directory)
    assert not (tmp_path / 'victim').exists()


def test_a_lock_directory_others_may_write_to_is_refused(tmp_path):
    path = tmp_path / ('sipgate.io-locks-%d' % os.getuid())
    path.mkdir()
    path.chmod(0o777)
    with pytest.raises(ClaimsError, match='may be written by other users'):
        claim('history', KEY, ['e1'], 'a', directory=str(tmp_path))


def test_a_kind_must_be_a_word(tmp_path):
    with pytest.raises(ValueError, match='a claims kind is a lower-case word'):
        claim('../history', KEY, ['e1'], 'a', directory=str(tmp_path))
