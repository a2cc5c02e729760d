# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sending as a chosen sender: the lock, the switch of the default, setting it back, and what is read back."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import tempfile
import threading

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _sender
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._lock import held
from ansible_collections.sipgate.io.plugins.module_utils._sender import SenderError, SenderState, lock_key, sending_as
from ansible_collections.sipgate.io.plugins.module_utils._switch_guard import SignalGuard, left_switch, record_switch
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, no_content, read_timeout, replayed_client

CALLER_IDS = '/v2/w0/sms/s0/callerids'
SIPGATE, VERIFIED, UNVERIFIED, OTHER = 0, 1, 2, 3
NUMBERS = {SIPGATE: 'sipgate', VERIFIED: '+4915799912345', UNVERIFIED: '+4915799912399', OTHER: '+4915799912377'}


def caller_ids(default=SIPGATE):
    """The caller ids of s0 as the API lists them, with ``default`` (None: none) as the extension's sender."""
    return json_answer(200, data={'items': [
        {'id': caller_id, 'phonenumber': number, 'verified': caller_id != UNVERIFIED, 'defaultNumber': caller_id == default}
        for caller_id, number in sorted(NUMBERS.items())]})


def puts(api):
    return [(request.path_url, json.loads(request.body)) for request in api.requests if request.method == 'PUT']


@pytest.fixture(autouse=True)
def private_lock_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    return tmp_path


def test_the_lock_key_compares_scheme_and_host_without_case():
    assert lock_key('HTTPS://API.sipgate.com/v2', 's0') == lock_key('https://api.sipgate.com/v2', 's0')
    assert lock_key('https://api.sipgate.com/v2', 's0') != lock_key('https://api.sipgate.com/v2', 's1')
    assert lock_key('https://api.sipgate.com/v2', 's0') != lock_key('https://api.sipgate.com/V2', 's0')


def test_without_a_sender_nothing_is_read_or_written(api):
    with sending_as(replayed_client(), 's0') as state:
        assert state.result() == {}
    assert api.requests == []


def test_a_sender_that_is_the_default_is_only_read(api):
    api.answers = [caller_ids(VERIFIED)]
    with sending_as(replayed_client(), 's0', '+4915799912345', 'w0') as state:
        pass
    assert state.result() == {'sender': '+4915799912345'}
    assert api.calls == [('GET', CALLER_IDS)]


def test_a_sender_is_made_the_default_and_set_back_each_read_back(api):
    api.answers = [caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    with sending_as(replayed_client(), 's0', '+4915799912345', 'w0') as state:
        assert puts(api) == [('%s/1' % CALLER_IDS, {'defaultNumber': True})]
    assert puts(api)[-1] == ('%s/0' % CALLER_IDS, {'defaultNumber': True})
    assert state.result() == {'sender': '+4915799912345', 'previous_sender': 'sipgate', 'sender_restored': True}
    assert state.problems == [] and state.warnings == []


def test_check_only_reads_the_sender_and_writes_nothing(api):
    api.answers = [caller_ids(SIPGATE)]
    with sending_as(replayed_client(), 's0', '+4915799912345', 'w0', check_only=True) as state:
        pass
    assert state.result() == {'sender': '+4915799912345'} and puts(api) == []


@pytest.mark.parametrize('sender, problem', [
    ('+4915799912399', 'the sender +4915799912399 is not verified yet; s0 can send as: sipgate, +4915799912345, +4915799912377'),
    ('+4915799912300', 'the sender +4915799912300 is not a caller id of s0 (not registered)'),
])
def test_a_sender_that_cannot_send_is_refused_before_any_write(api, sender, problem):
    api.answers = [caller_ids(SIPGATE)]
    with pytest.raises(SipgateError) as caught:
        with sending_as(replayed_client(), 's0', sender, 'w0'):
            pytest.fail('nothing may be sent')
    assert problem in str(caught.value) and caught.value.kind == 'config'
    assert puts(api) == []


def test_an_extension_without_a_default_is_refused_before_any_write(api):
    api.answers = [caller_ids(None)]
    with pytest.raises(SipgateError) as caught:
        with sending_as(replayed_client(), 's0', '+4915799912345', 'w0'):
            pytest.fail('nothing may be sent')
    assert 's0 has no default sender' in str(caught.value) and puts(api) == []


def test_a_switch_with_an_unknown_outcome_sends_nothing_and_writes_the_previous_default_again(api):
    waits = []
    # Read once more after twice the timeout: the switch had that long to land.
    api.answers = [caller_ids(SIPGATE), read_timeout, caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE), caller_ids(SIPGATE)]
    with pytest.raises(SenderError) as caught:
        with sending_as(replayed_client(sleep=waits.append), 's0', '+4915799912345', 'w0'):
            pytest.fail('nothing may be sent')
    assert caught.value.state.result() == {'previous_sender': 'sipgate', 'sender_restored': True}
    assert 'read back so once more after 60 seconds (twice the timeout), the time the switch had to land' in str(caught.value)
    assert waits == [60.0]
    assert puts(api) == [('%s/1' % CALLER_IDS, {'defaultNumber': True}), ('%s/0' % CALLER_IDS, {'defaultNumber': True})]


def test_a_default_changed_by_something_else_is_left_so_and_told(api):
    api.answers = [caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), caller_ids(OTHER)]
    with sending_as(replayed_client(), 's0', '+4915799912345', 'w0') as state:
        pass
    assert state.restored is False
    assert state.problems[0].startswith('Something else changed the sender of s0 to +4915799912377')
    assert len(puts(api)) == 1


def test_an_unknown_outcome_says_which_sender_the_sms_goes_out_as():
    state = SenderState('s0')
    state.sender, state.previous_sender, state.restored = '+4915799912345', 'sipgate', True
    outcomes = [dict(recipient='+4915799912346', status='unknown', error=SipgateError('Lost.', may_have_been_accepted=True)),
                dict(recipient='+4915799912347', status='sent', error=None)]
    state.explain_unknown(outcomes)
    assert str(outcomes[0]['error']) == ('Lost. If the SMS still goes out, it goes out as whichever sender s0 has at that moment, '
                                         'which is sipgate again since this task set it back, not +4915799912345.')
    assert outcomes[0]['error'].may_have_been_accepted is True and outcomes[1]['error'] is None


@pytest.mark.parametrize('exclusive, held_exclusive, waits_for', [
    (False, True, 'another task on this machine to set the sender of s0 back'),
    (True, False, 'the other tasks on this machine that send through s0 to finish'),
])
def test_the_lock_gives_up_after_its_wait_naming_whom_it_waited_for(api, monkeypatch, exclusive, held_exclusive, waits_for):
    monkeypatch.setattr(_sender, 'LOCK_WAIT', 0)
    with held(lock_key('https://api.sipgate.com/v2', 's0'), held_exclusive):
        with pytest.raises(SipgateError) as caught:
            with _sender.extension_lock(replayed_client(), 's0', exclusive):
                pytest.fail('the lock is held by another task')
    assert waits_for in str(caught.value) and caught.value.kind == 'lock'


# --- a switch that outlives its process ----------------------------------------------------------------------------


def test_the_lock_key_is_one_for_every_spelling_of_the_api_url():
    assert lock_key('https://api.sipgate.com.:443/v2/', 's0') == lock_key('https://api.sipgate.com/v2', 's0')


def test_a_switch_is_recorded_while_it_lasts_and_forgotten_once_set_back(api):
    client = replayed_client()
    api.answers = [caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    with sending_as(client, 's0', '+4915799912345', 'w0') as state:
        record = left_switch(client, 's0')
        assert dict(record, time=None) == dict(sms_id='s0', user_id='w0', pid=os.getpid(), time=None,
                                               previous=dict(id=SIPGATE, phonenumber='sipgate'),
                                               temporary=dict(id=VERIFIED, phonenumber='+4915799912345'))
    assert state.restored is True and left_switch(client, 's0') is None


def test_a_switch_that_is_not_set_back_stays_recorded(api):
    client = replayed_client()
    api.answers = [caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED), json_answer(403, 'error_403.json')]
    with sending_as(client, 's0', '+4915799912345', 'w0') as state:
        pass
    assert state.restored is False and left_switch(client, 's0')['temporary']['phonenumber'] == '+4915799912345'


def leave_a_switch(client):
    record_switch(client, 's0', 'w0', dict(id=VERIFIED, phonenumber='+4915799912345'), dict(id=SIPGATE, phonenumber='sipgate'))


def test_a_plain_send_repairs_a_switch_left_behind_before_it_sends(api):
    client = replayed_client()
    leave_a_switch(client)
    api.answers = [caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    with sending_as(client, 's0') as state:
        assert puts(api) == [(CALLER_IDS + '/%d' % SIPGATE, {'defaultNumber': True})]
    assert state.result()['repaired_switch'] == dict(
        sms_id='s0', temporary_sender='+4915799912345', previous_sender='sipgate', sender_now='sipgate', pid=os.getpid())
    assert state.warnings == ['An earlier task (process %d) switched the sender of s0 to +4915799912345 and ended before it set '
                              'it back to sipgate; this task set it back to sipgate and read it back before sending.' % os.getpid()]
    assert left_switch(client, 's0') is None


def test_a_switch_left_behind_that_was_set_back_meanwhile_is_only_forgotten(api):
    client = replayed_client()
    leave_a_switch(client)
    api.answers = [caller_ids(SIPGATE)]
    with sending_as(client, 's0') as state:
        pass
    assert puts(api) == [] and 'it reads as sipgate again' in state.warnings[0] and left_switch(client, 's0') is None


def test_a_switch_left_behind_that_cannot_be_set_back_stops_the_sending(api):
    client = replayed_client()
    leave_a_switch(client)
    api.answers = [caller_ids(VERIFIED), json_answer(403, 'error_403.json'), caller_ids(VERIFIED)]
    with pytest.raises(SipgateError) as caught:
        with sending_as(client, 's0'):
            pytest.fail('sent while the extension was left switched')
    assert 'setting it back failed, so nothing was sent (s0 sends as +4915799912345)' in str(caught.value)
    assert left_switch(client, 's0') is not None


def test_the_next_switch_repairs_first_and_records_the_true_previous_sender(api):
    client = replayed_client()
    leave_a_switch(client)
    api.answers = [caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE),
                   caller_ids(SIPGATE), no_content(), caller_ids(OTHER), caller_ids(OTHER), no_content(), caller_ids(SIPGATE)]
    with sending_as(client, 's0', '+4915799912377', 'w0') as state:
        pass
    assert state.result()['previous_sender'] == 'sipgate' and state.restored is True


def _interrupted_during_a_switch(directory, pipe):
    """Send as another sender, and get SIGTERM while the SMS is on its way; each request goes down ``pipe`` as it is
    answered (the process ends with the signal, so it cannot report afterwards)."""
    tempfile.tempdir = directory
    from ansible_collections.sipgate.io.tests.unit.replay import Replay, replay_all_http

    class Patch(object):
        def setattr(self, target, name, value):
            setattr(target, name, value)

        def delenv(self, name):
            os.environ.pop(name, None)

    def told(answer):
        def tell(request):
            pipe.send((request.method, request.path_url, json.loads(request.body) if request.body else None))
            return answer
        return tell
    replay_all_http(Patch(), Replay(*[told(answer) for answer in (caller_ids(SIPGATE), no_content(), caller_ids(VERIFIED),
                                                                  caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE))]))
    with sending_as(replayed_client(), 's0', '+4915799912345', 'w0'):
        pipe.send('sending')
        os.kill(os.getpid(), signal.SIGTERM)
        pipe.send('not interrupted')


def test_sigterm_during_a_switch_sets_the_sender_back_and_then_ends_the_process(tmp_path):
    context = multiprocessing.get_context('fork')
    receiver, sender_end = context.Pipe(duplex=False)
    process = context.Process(target=_interrupted_during_a_switch, args=(str(tmp_path), sender_end))
    process.start()
    sender_end.close()
    process.join(60)
    told = []
    while True:
        try:
            told.append(receiver.recv())
        except EOFError:
            break
    assert process.exitcode == -signal.SIGTERM
    assert told == [('GET', CALLER_IDS, None), ('PUT', CALLER_IDS + '/%d' % VERIFIED, {'defaultNumber': True}),
                    ('GET', CALLER_IDS, None), 'sending', ('GET', CALLER_IDS, None),
                    ('PUT', CALLER_IDS + '/%d' % SIPGATE, {'defaultNumber': True}), ('GET', CALLER_IDS, None)]
    assert left_switch(replayed_client(), 's0') is None


def test_the_signal_guard_does_nothing_outside_the_main_thread():
    results = []

    def guarded():
        with SignalGuard() as guard:
            guard.interruptible()
            results.append(signal.getsignal(signal.SIGTERM))
    thread = threading.Thread(target=guarded)
    thread.start()
    thread.join(60)
    assert results == [signal.getsignal(signal.SIGTERM)]
