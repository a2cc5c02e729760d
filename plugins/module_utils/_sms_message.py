# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""The SMS itself: what text may be sent, and the request body of one SMS."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info
from ansible_collections.sipgate.io.plugins.module_utils._options import MAX_SEGMENTS
from ansible_collections.sipgate.io.plugins.module_utils._text import control_characters, is_blank


def sms_body(sms_id, text, recipient, send_at=None):
    """The SendWebSmsRequest for one recipient; ``send_at`` in Unix seconds schedules it."""
    body = {'smsId': sms_id, 'recipient': recipient, 'message': text}
    if send_at is not None:
        body['sendAt'] = send_at
    return body


def text_problems(text, max_segments):
    """Why ``text`` cannot be sent as an SMS of at most ``max_segments`` parts; an empty list when it can."""
    if not 1 <= max_segments <= MAX_SEGMENTS:
        return ['max_segments must be between 1 and %d, not %s' % (MAX_SEGMENTS, max_segments)]
    if is_blank(text):
        return ['msg must not be empty or only whitespace or invisible characters']
    controls = control_characters(text)
    if controls:
        return ['msg contains the control character(s) %s, which phones do not show and which would make the whole text UCS-2; '
                'remove them' % ', '.join('U+%04X' % ord(char) for char in controls)]
    info = message_info(text)
    if info['segments'] > max_segments:
        return ['msg takes %d SMS parts (%d characters, %s), more than max_segments %d; each part is billed, so shorten '
                'the text or raise max_segments' % (info['segments'], info['length'], info['encoding'], max_segments)]
    return []
