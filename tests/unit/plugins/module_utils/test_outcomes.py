# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What happened for each recipient, and the one message that names every group truthfully."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._outcomes import accepted, delivery_summary, not_delivered, unknown

REFUSED = SipgateError('Sending the SMS to +4915799912346 failed with HTTP 400.', status=400)
LOST = SipgateError('Sending the SMS to +4915799912347 got no answer.', may_have_been_accepted=True)
OUTCOMES = [
    dict(recipient='+4915799912345', status='sent', http_status=204, error=None),
    dict(recipient='+4915799912346', status='failed', http_status=400, error=REFUSED),
    dict(recipient='+4915799912347', status='unknown', http_status=None, error=LOST, note='The history shows none.'),
    dict(recipient='+4915799912348', status='scheduled', http_status=204, error=None),
    dict(recipient='+4915799912349', status='not_sent', http_status=None, error=None),
]


def test_each_recipient_is_in_exactly_one_group():
    assert accepted(OUTCOMES) == ['+4915799912345', '+4915799912348']
    assert not_delivered(OUTCOMES) == ['+4915799912346', '+4915799912349']
    assert unknown(OUTCOMES) == ['+4915799912347']


def test_the_summary_names_every_group_and_the_first_error_with_its_note():
    assert delivery_summary(OUTCOMES) == (
        'The SMS reached 2 of 5 recipients; +4915799912346, +4915799912349 did not get it; for +4915799912347 the API may '
        'have accepted it without confirming it, so it was not sent again; check before sending to it again. '
        'Sending the SMS to +4915799912346 failed with HTTP 400.')


def test_an_unknown_outcome_alone_ends_with_its_note():
    assert delivery_summary(OUTCOMES[2:3]).endswith('Sending the SMS to +4915799912347 got no answer. The history shows none.')


def test_every_recipient_reached_is_no_summary():
    assert delivery_summary([OUTCOMES[0], OUTCOMES[3]]) == ''
