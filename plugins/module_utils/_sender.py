# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Sending through an extension as a chosen sender: lock, switch the default, send, set it back.

The API has no sender per SMS: an SMS always goes out as the extension's default caller id, which everything that
sends through the extension shares. So a sender is chosen by making it the default for the sending, as sipgate's own
libraries do, and every send through the extension on this machine holds the lock of ``_lock``: exclusive from the
switch to the restore, shared for a send as the default. Whatever the outcome, the state object reports only what was
read back from the API.
"""

from __future__ import annotations

import contextlib

from urllib.parse import urlsplit

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._lock import LockError, LockTimeout, held, lock_name
from ansible_collections.sipgate.io.plugins.module_utils._options import LOCK_WAIT
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import UNKNOWN
from ansible_collections.sipgate.io.plugins.module_utils._sms_extensions import (
    CALLER_ID_WRITE_HINTS, default_caller_id_entry, find_caller_id, list_caller_ids, sender_problem,
)

SET_IT_BACK = 'check it with sipgate.io.sipgate_sms_extensions_info and set it with sipgate.io.sipgate_sms_extension (default_sender)'


class SenderState(object):
    """What sending through ``sms_id`` read back from the API about its sender; the result is shaped from it."""

    def __init__(self, sms_id):
        self.sms_id = sms_id
        # The sender the extension was read back to send as for the sending (with a chosen sender only).
        self.sender = None
        # The default read before this task wrote it; set only once a write was tried.
        self.previous_sender = None
        # Whether previous_sender was read back as the default again; None while nothing was written.
        self.restored = None
        # What went wrong around the sending (the task fails), and what it should know (it warns), as sentences.
        self.problems = []
        self.warnings = []

    def result(self):
        """``sender``, ``previous_sender`` and ``sender_restored``, those of them that were read back."""
        fields = {}
        if self.sender is not None:
            fields['sender'] = self.sender
        if self.previous_sender is not None:
            fields.update(previous_sender=self.previous_sender, sender_restored=self.restored is True)
        return fields

    def explain_unknown(self, outcomes):
        """Tell in the error of each recipient whose outcome is unknown which sender the SMS goes out as, if it does."""
        if self.sender is None:
            return
        if self.restored:
            now = 'which is %s again since this task set it back, not %s' % (self.previous_sender, self.sender)
        else:
            now = 'which may not be %s' % self.sender
        note = 'If the SMS still goes out, it goes out as whichever sender %s has at that moment, %s.' % (self.sms_id, now)
        for outcome in outcomes:
            error = outcome['error']
            if outcome['status'] == UNKNOWN and error is not None:
                outcome['error'] = SipgateError('%s %s' % (error, note), kind=error.kind, status=error.status,
                                                api_message=error.api_message, may_have_been_accepted=error.may_have_been_accepted)


class SenderError(SipgateError):
    """Nothing was sent, because the sender could not be switched; ``state`` holds what was read back."""

    def __init__(self, message, state, kind, status=None):
        super(SenderError, self).__init__(message, kind=kind, status=status)
        self.state = state


def lock_key(api_url, sms_id):
    """The lock of ``sms_id`` at ``api_url``: the scheme and host are compared without case."""
    parts = urlsplit(api_url)
    return lock_name(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl(), sms_id)


@contextlib.contextmanager
def extension_lock(client, sms_id, exclusive, wait=None):
    """Hold the lock on the default sender of ``sms_id`` on this machine; a SipgateError when it cannot be had."""
    wait = LOCK_WAIT if wait is None else wait
    try:
        with held(lock_key(client.api_url, sms_id), exclusive, wait=wait):
            yield
    except LockTimeout as timeout:
        if exclusive:
            holders = 'the other tasks on this machine that send through %s to finish' % sms_id
        else:
            holders = 'another task on this machine to set the sender of %s back' % sms_id
        raise SipgateError('Waited %.1f seconds for %s, and gave up (lock file %s).' % (timeout.waited, holders, timeout),
                           kind='lock')
    except LockError as error:
        raise SipgateError('The sender of %s cannot be locked on this machine: %s.' % (sms_id, error), kind='config')


@contextlib.contextmanager
def sending_as(client, sms_id, sender=None, user_id=None, check_only=False):
    """Hold the lock of ``sms_id`` and, with ``sender``, make it the default for the ``with`` block, then set it back.

    Yields a SenderState. Without ``sender`` the lock is shared: the block sends as the default, and never while
    another task on this machine has switched it. With ``sender`` (``sipgate`` or E.164, a verified caller id) the
    lock is exclusive, and nothing is written when it already is the default or with ``check_only``. Before the block,
    a problem raises a SipgateError (a SenderError once something was written) and nothing is to be sent; a problem in
    setting the sender back afterwards goes into the state.
    """
    state = SenderState(sms_id)
    with extension_lock(client, sms_id, exclusive=sender is not None and not check_only):
        if sender is None:
            yield state
            return
        caller_ids = list_caller_ids(client, user_id, sms_id)
        chosen, previous = _checked(caller_ids, sender, sms_id)
        if chosen['default'] or check_only:
            state.sender = sender
            yield state
            return
        _switch(client, user_id, chosen, previous, state)
        state.sender = sender
        try:
            yield state
        finally:
            _restore(client, user_id, chosen, previous, state)


def _checked(caller_ids, sender, sms_id):
    """The caller ids of ``sender`` and of the current default; a SipgateError when the sender cannot be used."""
    problem = sender_problem(caller_ids, sender, sms_id)
    if problem:
        raise SipgateError(problem + '.', kind='config')
    previous = default_caller_id_entry(caller_ids)
    if previous is None:
        raise SipgateError('%s has no default sender (none of its caller ids is marked default), so it could not be set back '
                           'after sending as %s; nothing was written. Make one the default with sipgate.io.sipgate_sms_extension '
                           '(default_sender) first.' % (sms_id, sender), kind='config')
    return find_caller_id(caller_ids, sender), previous


def _make_default(client, user_id, sms_id, caller_id):
    client.put('/%s/sms/%s/callerids/%s' % (user_id, sms_id, caller_id['id']), {'defaultNumber': True},
               action='Making %s the sender of %s' % (caller_id['phonenumber'], sms_id), hints=CALLER_ID_WRITE_HINTS)


def _switch(client, user_id, chosen, previous, state):
    """Make ``chosen`` the default and read it back; a SenderError (after setting the previous one back) unless it is."""
    sms_id = state.sms_id
    try:
        _make_default(client, user_id, sms_id, chosen)
    except SipgateError as error:
        if not error.may_have_been_accepted:
            raise
        # Whether the API carried it out, now or later, is unknown: nothing is sent, and the previous default is written
        # again whatever the default reads now, as long as it is one of the two.
        state.previous_sender = previous['phonenumber']
        _restore(client, user_id, chosen, previous, state, rewrite=True)
        if state.restored:
            detail = ('%s was made the default again and read back, but the API may still carry out the switch it did not '
                      'confirm, and then %s sends as %s from that moment on; %s.'
                      % (previous['phonenumber'], sms_id, chosen['phonenumber'], SET_IT_BACK))
        else:
            detail = ' '.join(state.problems)
        raise SenderError('%s %s' % (error, detail), state, error.kind, error.status)
    state.previous_sender = previous['phonenumber']
    try:
        found = default_caller_id_entry(list_caller_ids(client, user_id, sms_id))
    except SipgateError as error:
        _restore(client, user_id, chosen, previous, state, rewrite=True)
        raise SenderError('%s was made the sender of %s, but reading it back failed: %s %s'
                          % (chosen['phonenumber'], sms_id, error, _restore_outcome(previous, state)), state, error.kind, error.status)
    if not _same(found, chosen):
        state.restored = _same(found, previous)
        left = '' if state.restored else ' It was left so; %s.' % SET_IT_BACK
        raise SenderError('Making %s the sender of %s was answered as done, but reading it back shows that %s sends as %s.%s'
                          % (chosen['phonenumber'], sms_id, sms_id, _number(found), left),
                          state, 'invalid_response')


def _restore_outcome(previous, state):
    if state.restored:
        return '%s sends as %s again, as read back.' % (state.sms_id, previous['phonenumber'])
    return ' '.join(state.problems)


def _restore(client, user_id, chosen, previous, state, rewrite=False):
    """Set ``previous`` back as the default if it still is ``chosen``, read it back, and record what was found.

    ``rewrite``: nothing was sent, and the switch to ``chosen`` was not read back, so ``previous`` is written again
    also when it reads as the default (an idempotent write).
    """
    sms_id = state.sms_id
    state.restored = False
    try:
        found = default_caller_id_entry(list_caller_ids(client, user_id, sms_id))
    except SipgateError as error:
        state.problems.append('The sender of %s could not be read to set it back to %s, so %s may still send as %s; %s. %s'
                              % (sms_id, previous['phonenumber'], sms_id, chosen['phonenumber'], SET_IT_BACK, error))
        return
    if not (_same(found, chosen) or (rewrite and _same(found, previous))):
        _found_changed(found, chosen, previous, state, sent=not rewrite)
        return
    write_error = None
    try:
        _make_default(client, user_id, sms_id, previous)
    except SipgateError as error:
        write_error = error
    try:
        found = default_caller_id_entry(list_caller_ids(client, user_id, sms_id))
    except SipgateError as error:
        state.problems.append('The sender of %s could not be read back after setting it back to %s, so %s may still send as '
                              '%s; %s. %s' % (sms_id, previous['phonenumber'], sms_id, chosen['phonenumber'], SET_IT_BACK,
                                              ' '.join(str(problem) for problem in (write_error, error) if problem)))
        return
    if _same(found, previous):
        state.restored = True
    else:
        state.problems.append(('The sender of %s could not be set back to %s, so %s now sends as %s; %s. %s'
                               % (sms_id, previous['phonenumber'], sms_id, _number(found), SET_IT_BACK, write_error or '')).rstrip())


def _found_changed(found, chosen, previous, state, sent):
    """The default is neither what this task set nor what it was: something else changed it, and it is left so."""
    sms_id = state.sms_id
    changed = ('Something else changed the sender of %s to %s while this task switched it to %s (a task on another machine, '
               'which the lock on this machine cannot hold back)' % (sms_id, _number(found), chosen['phonenumber']))
    if sent:
        changed += ', so the SMS may have gone out as %s' % _number(found)
    if _same(found, previous):
        state.restored = True
        state.warnings.append('%s; %s sends as %s again, as before.' % (changed, sms_id, previous['phonenumber']))
    else:
        state.problems.append('%s. It was left so, not set back to %s; %s.' % (changed, previous['phonenumber'], SET_IT_BACK))


def _same(found, caller_id):
    return found is not None and found['id'] == caller_id['id']


def _number(caller_id):
    return caller_id['phonenumber'] if caller_id is not None else 'no sender (no caller id is marked default)'
