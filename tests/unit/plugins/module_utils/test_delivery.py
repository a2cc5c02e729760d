# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one SMS delivery of module and callback: send, settle unknown outcomes from the history, tell what happened."""

from __future__ import annotations

import tempfile

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._delivery import deliver
from ansible_collections.sipgate.io.tests.unit.replay import json_answer, no_content, read_timeout, replayed_client

RECIPIENTS = ['+4915799912345', '+4915799912346']


@pytest.fixture(autouse=True)
def private_lock_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


def test_every_recipient_reached_is_no_problem(api):
    api.answers = [no_content(), no_content()]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS)
    assert delivery.accepted == RECIPIENTS and delivery.problems == [] and delivery.warnings == []
    assert [post['recipient'] for post in api.posts] == RECIPIENTS


def test_an_unknown_outcome_is_looked_up_in_the_history_and_stays_unknown_with_a_note(api):
    api.answers = [no_content(), read_timeout, json_answer(200, 'history_empty.json')]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, max_in_flight=1, history_wait=0)
    assert delivery.accepted == RECIPIENTS[:1] and delivery.unknown_recipients == RECIPIENTS[1:]
    assert delivery.outcomes[1]['note'] == 'The account history shows no such SMS yet (looked for 0 seconds).'
    assert delivery.problems[0].startswith('The SMS reached 1 of 2 recipients; for +4915799912346 the API may have accepted it')
    assert api.calls[-1][1].startswith('/v2/history?')


def test_without_history_lookup_the_history_is_not_read(api):
    api.answers = [read_timeout]
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS[:1], history_lookup=False)
    assert delivery.unknown_recipients == RECIPIENTS[:1] and 'note' not in delivery.outcomes[0]
    assert api.calls == [('POST', '/v2/sessions/sms')]


def test_check_only_sends_nothing(api):
    delivery = deliver(replayed_client(), 's0', 'Deployed.', RECIPIENTS, check_only=True)
    assert delivery.outcomes == [] and delivery.problems == [] and api.requests == []
