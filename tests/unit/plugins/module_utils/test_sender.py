# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sending as a chosen sender: the lock, the switch of the default, setting it back, and what is read back."""

from __future__ import annotations

import json
import tempfile

import pytest

from ansible_collections.sipgate.io.plugins.module_utils import _sender
from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._lock import held
from ansible_collections.sipgate.io.plugins.module_utils._sender import SenderError, SenderState, lock_key, sending_as
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
    api.answers = [caller_ids(SIPGATE), read_timeout, caller_ids(VERIFIED), no_content(), caller_ids(SIPGATE)]
    with pytest.raises(SenderError) as caught:
        with sending_as(replayed_client(), 's0', '+4915799912345', 'w0'):
            pytest.fail('nothing may be sent')
    assert caught.value.state.result() == {'previous_sender': 'sipgate', 'sender_restored': True}
    assert 'the API may still carry out the switch it did not confirm' in str(caught.value)
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
