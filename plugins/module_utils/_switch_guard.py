# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""A sender switch that outlives the process making it: the record of the switch, and SIGTERM and SIGINT deferred.

Before a task makes another sender the default of an extension, it records the switch (extension, user, previous
default, temporary sender, process id, time) in the record of claims (_claims, kind ``switch``), in the private
directory of the sender lock on the machine that runs the task; the record goes once the previous default was read
back. A process killed in between (SIGKILL, a stopped container) leaves the record, and the next task through that
extension repairs the switch before it sends (_sender). SIGTERM and SIGINT, which AWX and ansible-runner send to cancel
a job, interrupt the sending instead of the process: the default is set back first, and then the signal is delivered
again, to end the process as it would have.
"""

from __future__ import annotations

import os
import signal
import threading
import time

from ansible_collections.sipgate.io.plugins.module_utils._claims import clear_pending, pending, record_pending
from ansible_collections.sipgate.io.plugins.module_utils._client import canonical_api_url

KIND = 'switch'
RECORD_ID = 'switch'
GUARDED_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _key(client, sms_id):
    return '%s %s' % (canonical_api_url(client.api_url), sms_id)


def record_switch(client, sms_id, user_id, chosen, previous, directory=None):
    """Record that ``sms_id`` is about to send as ``chosen`` instead of ``previous`` (caller id entries)."""
    record_pending(KIND, _key(client, sms_id), RECORD_ID, dict(
        sms_id=sms_id, user_id=user_id, pid=os.getpid(), time=time.time(),
        previous=dict(id=previous['id'], phonenumber=previous['phonenumber']),
        temporary=dict(id=chosen['id'], phonenumber=chosen['phonenumber'])), directory=directory)


def clear_switch(client, sms_id, directory=None):
    """Remove the record of the switch of ``sms_id``: its previous default was read back."""
    clear_pending(KIND, _key(client, sms_id), RECORD_ID, directory=directory)


def left_switch(client, sms_id, directory=None):
    """The record of a switch of ``sms_id`` that was not set back (its data), or None."""
    note = pending(KIND, _key(client, sms_id), directory=directory).get(RECORD_ID)
    return None if note is None else note['data']


class SwitchInterrupted(BaseException):
    """SIGTERM or SIGINT came while the sender was switched: the sending stops, the default is set back, then the
    signal is delivered again. A BaseException, so that no handler of errors takes it for one."""

    def __init__(self, signum):
        super(SwitchInterrupted, self).__init__('signal %d' % signum)
        self.signum = signum


class SignalGuard(object):
    """While held, SIGTERM and SIGINT are noted instead of ending the process.

    After interruptible(), a signal (or one noted before) raises SwitchInterrupted in the main thread, so that the
    sending stops and the code that sets the sender back runs; after deferring() it is noted again. On leaving, the
    handlers are put back, and a noted signal is delivered again. Outside the main thread Python cannot handle
    signals, and the guard does nothing.
    """

    def __init__(self):
        self.received = None
        self._raising = False
        self._previous = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in GUARDED_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum, frame):
        if self.received is None:
            self.received = signum
        if self._raising:
            self._raising = False
            raise SwitchInterrupted(signum)

    def interruptible(self):
        """From now on a signal raises SwitchInterrupted; one noted before raises it at once."""
        if self.received is not None:
            raise SwitchInterrupted(self.received)
        self._raising = True

    def deferring(self):
        """From now on a signal is only noted (while the sender is set back)."""
        self._raising = False

    def __exit__(self, *exc_info):
        self._raising = False
        for signum, handler in self._previous.items():
            # None: a handler that was not set from Python; the default stands in for it.
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if self.received is not None and self._previous:
            os.kill(os.getpid(), self.received)
        return False
