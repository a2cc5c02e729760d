# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The SMS itself: its request body, and the texts that may be sent."""

from __future__ import annotations

import pytest

from ansible_collections.sipgate.io.plugins.module_utils._sms_message import sms_body, text_problems


def test_sms_body():
    assert sms_body('s0', 'hi', '+4915799912345') == {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'hi'}
    assert sms_body('s1', 'hi', '+4915799912345', 1767258000)['sendAt'] == 1767258000


@pytest.mark.parametrize('text, shown', [('Disk full\x00', 'U+0000'), ('\x1b[31mDisk full\x1b[0m', 'U+001B'),
                                         ('Disk\x07 full\x7f', 'U+0007, U+007F'), ('Disk\x85full', 'U+0085')])
def test_control_characters_are_refused(text, shown):
    assert text_problems(text, 10) == ['msg contains the control character(s) %s, which phones do not show and which would make '
                                       'the whole text UCS-2; remove them' % shown]


def test_line_breaks_and_tabs_are_text():
    assert text_problems('Disk full\r\non db1\tand db2\f', 10) == []
