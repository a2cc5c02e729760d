# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check what the sipgate sandbox received: python check_outbox.py [--count N] [--contains TEXT] ... (exit 1 on a mismatch)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request

# The collection under test, to count SMS parts exactly as the collection does.
sys.path.insert(0, os.environ['ANSIBLE_COLLECTIONS_PATH'].split(':')[0])

from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info  # noqa: E402  pylint: disable=wrong-import-position


def fetch(path):
    with urllib.request.urlopen(os.environ['SANDBOX_URL'] + path, timeout=10) as response:
        return json.loads(response.read().decode('utf-8'))['items']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--count', type=int, help='number of SMS in the outbox')
    parser.add_argument('--posts', type=int, help='number of POST /v2/sessions/sms requests the sandbox received')
    parser.add_argument('--recipients', help='comma-separated E.164 numbers that each got one SMS')
    parser.add_argument('--sms-id')
    parser.add_argument('--contains', action='append', default=[], help='text every SMS contains')
    parser.add_argument('--absent', action='append', default=[], help='text no SMS contains')
    parser.add_argument('--starts-with')
    parser.add_argument('--ends-with')
    parser.add_argument('--equals')
    parser.add_argument('--max-segments', type=int)
    parser.add_argument('--several-texts', action='store_true', help='the SMS may differ (several playbooks in one run)')
    args = parser.parse_args()

    outbox = fetch('/_sandbox/outbox')
    problems = []
    texts = [sms['message'] for sms in outbox]
    if args.count is not None and len(outbox) != args.count:
        problems.append('expected %d SMS, the outbox has %d' % (args.count, len(outbox)))
    if args.posts is not None:
        posts = [entry for entry in fetch('/_sandbox/requests') if entry['method'] == 'POST' and entry['path'] == '/v2/sessions/sms']
        if len(posts) != args.posts:
            problems.append('expected %d POST /v2/sessions/sms requests, the sandbox got %d' % (args.posts, len(posts)))
    if args.recipients is not None:
        expected = sorted(args.recipients.split(','))
        if sorted(sms['recipient'] for sms in outbox) != expected:
            problems.append('expected one SMS each to %s' % ', '.join(expected))
    if len(set(texts)) > 1 and not args.several_texts:
        problems.append('the recipients got different texts')
    for sms in outbox:
        text = sms['message']
        if args.sms_id and sms['smsId'] != args.sms_id:
            problems.append('SMS %d was sent from %s, not %s' % (sms['id'], sms['smsId'], args.sms_id))
        problems.extend('SMS %d lacks %r' % (sms['id'], part) for part in args.contains if part not in text)
        problems.extend('SMS %d contains %r' % (sms['id'], part) for part in args.absent if part in text)
        if args.starts_with is not None and not text.startswith(args.starts_with):
            problems.append('SMS %d does not start with %r' % (sms['id'], args.starts_with))
        if args.ends_with is not None and not text.endswith(args.ends_with):
            problems.append('SMS %d does not end with %r' % (sms['id'], args.ends_with))
        if args.equals is not None and text != args.equals:
            problems.append('SMS %d is not %r' % (sms['id'], args.equals))
        if args.max_segments is not None and message_info(text)['segments'] > args.max_segments:
            problems.append('SMS %d takes %d parts, more than %d' % (sms['id'], message_info(text)['segments'], args.max_segments))
    if problems:
        print('outbox check failed: %s' % '; '.join(problems), file=sys.stderr)
        print(json.dumps(outbox, indent=2, ensure_ascii=False), file=sys.stderr)
        return 1
    for text in sorted(set(texts)):
        print('  SMS (%d parts): %s' % (message_info(text)['segments'], text))
    return 0


if __name__ == '__main__':
    sys.exit(main())
