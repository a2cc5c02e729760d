#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms_wait_for_reply
short_description: Wait for a reply by SMS to a sipgate account
version_added: 1.1.0
description:
  - Waits until the sipgate account receives an SMS from one of O(from_numbers), dated O(since) or later, whose text
    matches O(match), for at most O(wait) seconds; for example the acknowledgement of an alert that
    M(sipgate.io.sipgate_sms) sent to the on-call engineer.
  - sipgate sends no push event for received SMS, so this module reads the account history
    (C(GET /history?types=SMS&directions=INCOMING)) again and again, with a pause that grows from 2 to 30 seconds.
    A read the API answers with HTTP 429 (rate limit) is repeated after the time it asks for (up to O(retries)
    times), then after a longer pause; so are server errors and lost connections, until O(wait) is over.
  - Only accounts that can receive SMS have any to wait for. Receiving SMS is a matter of the contract with sipgate,
    and only SMS sent to a number of the account that receives SMS come back into its history; a reply to an SMS
    sent with the sender name V(sipgate), or with a mobile number that is not the account's, never arrives. Without
    such a number the history holds no incoming SMS, and every wait ends without a reply.
  - A received SMS is taken as the reply of one task only. Concurrent waits on the same machine (forks, several
    playbooks of the same user) that would match the same SMS share it out through a record of the SMS taken, in a
    private directory of the user beside the lock of M(sipgate.io.sipgate_sms); the second wait goes on waiting for
    another one. An SMS taken once is never taken again on that machine.
  - When no reply comes in time, the task fails with RV(replied=false), so C(ignore_errors), C(failed_when) and
    C(rescue) decide what happens next.
  - 'Anyone can send an SMS that shows any sender number: a sender is no proof of who wrote it. When a reply starts
    an action, send a one-time code with the message and wait for it with O(match), as the playbook
    C(sipgate.io.escalate) does.'
  - The token needs the scope C(history:read), and C(history:write) to mark the reply read (O(mark_read)).
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment:
  [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.attributes]
attributes:
  check_mode:
    details:
      - Reads the history once, which checks the credentials and the scope C(history:read), and waits for nothing;
        RV(replied) is V(false), as no reply is taken. Whether the token may mark SMS read (C(history:write)) cannot be known without
        marking one.
  diff_mode:
    support: none
options:
  from_numbers:
    description:
      - The numbers a reply may come from, in any form O(sipgate.io.sipgate_sms#module:to) accepts; they are
        normalised the same way, with O(default_country_code).
    type: list
    elements: str
    required: true
  default_country_code:
    description:
      - Country calling code for national numbers in O(from_numbers), such as V(49) for Germany.
      - If not set, the environment variable E(SIPGATE_DEFAULT_COUNTRY_CODE) is used.
    type: str
  since:
    description:
      - Only SMS received at this time or later count, in the forms O(sipgate.io.sipgate_sms#module:send_at) takes
        (ISO 8601, with or without offset, or Unix seconds), but also in the past.
      - Default is when the task starts, on the API's clock (the C(Date) of its first answer), to the second; an SMS
        received in that same second also counts.
      - To count replies that may come while the SMS they answer is still being sent, give a time taken before it was
        sent, as the first example does.
    type: raw
  match:
    description:
      - A regular expression (Python C(re)) that the text of the reply must contain, such as the one-time code sent
        with the alert; it is searched for anywhere in the text, and C((?i\)) at its start ignores case.
      - Default is any text.
    type: str
  wait:
    description:
      - How many seconds to wait at most, from 0 (one look into the history) to 86400 (a day).
    type: int
    default: 300
  mark_read:
    description:
      - Mark the reply read in the account history (C(PUT /history/{entryId}), scope C(history:write)), as the
        sipgate app would once someone read it. An SMS that was read already is left as it is.
      - When marking fails, the task still returns the reply, with RV(reply.read) as the API shows it and a warning.
    type: bool
    default: true
seealso:
  - module: sipgate.io.sipgate_sms
  - module: sipgate.io.sipgate_sms_history_info
  - name: The ready playbook sipgate.io.escalate
    description: Texts one person after the other until one acknowledges with a one-time code.
    link: https://github.com/sipgate-io/sipgate.io-ansible/blob/main/playbooks/escalate.yml
'''

EXAMPLES = r'''
- name: Text the on-call engineer and wait up to 10 minutes for an acknowledgement with a one-time code
  # One alert and one wait per play, however many hosts it runs on.
  run_once: true
  module_defaults:
    group/sipgate.io.sipgate:
      token_id: "{{ sipgate_token_id }}"
      token: "{{ sipgate_token }}"
  block:
    - name: Make a code and note the time before the alert goes out
      ansible.builtin.set_fact:
        alert_code: "{{ lookup('ansible.builtin.password', '/dev/null', chars=['digits'], length=6) }}"
        alert_sent_at: "{{ now(utc=true).strftime('%Y-%m-%dT%H:%M:%SZ') }}"

    - name: Text the on-call engineer
      sipgate.io.sipgate_sms:
        sms_id: s0
        to: "+4915799940001"
        msg: "db1: disk 95% full. Reply {{ alert_code }} to acknowledge."

    - name: Wait for the acknowledgement with that code
      sipgate.io.sipgate_sms_wait_for_reply:
        from_numbers: ["+4915799940001"]
        since: "{{ alert_sent_at }}"
        match: "\\b{{ alert_code }}\\b"
        wait: 600
      register: ack
      ignore_errors: true

    - name: Say who acknowledged, or that nobody did
      ansible.builtin.debug:
        msg: "{{ ('Acknowledged by ' ~ ack.reply.sender ~ ': ' ~ ack.reply.text) if ack.replied else ack.msg }}"

- name: Ask before the migration starts, by a national number
  sipgate.io.sipgate_sms:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
    sms_id: s0
    to: "0157 99940002"
    default_country_code: "49"
    msg: "The migration of db1 is ready. Reply YES to start it."
  run_once: true

- name: Wait a minute for a yes, and leave it unread in the account
  sipgate.io.sipgate_sms_wait_for_reply:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
    from_numbers: ["0157 99940002"]
    default_country_code: "49"
    match: "(?i)^\\s*yes\\b"
    wait: 60
    mark_read: false
  register: go_ahead
  failed_when: false
  run_once: true

- name: Start the migration only after a yes
  ansible.builtin.debug:
    msg: "{{ 'Starting the migration.' if go_ahead.replied else 'No yes within a minute: not starting.' }}"
'''

RETURN = r'''
replied:
  description:
    - Whether a reply came and this task took it; V(false) when the wait ended without one (the task fails).
    - V(false) in check mode, which waits for nothing and takes no reply (the task does not fail).
  returned: always
  type: bool
  sample: true
reply:
  description: The reply as the history shows it; empty when none came.
  returned: always
  type: dict
  contains:
    id:
      description: The id of its history entry.
      type: str
      returned: when a reply came
      sample: "100000003"
    created:
      description: When the account received it, ISO 8601 in UTC, to the second.
      type: str
      returned: when a reply came
      sample: "2026-12-01T07:31:40Z"
    sender:
      description: The number it came from, in E.164 form.
      type: str
      returned: when a reply came
      sample: "+4915799940001"
    text:
      description: Its text.
      type: str
      returned: when a reply came
      sample: ACK 4711
    read:
      description:
        - Whether the history shows it read, as read back after O(mark_read) marked it; V(null) when that is
          unknown (marking it failed in a way that may have marked it, and reading it back failed too).
      type: bool
      returned: when a reply came
      sample: true
since:
  description: The time from which received SMS counted, ISO 8601 in UTC.
  returned: success, and when no reply came
  type: str
  sample: "2026-12-01T07:30:05Z"
polls:
  description: How often the history was read while waiting.
  returned: when it waited
  type: int
  sample: 4
http_status: {description: "The HTTP status of the failed request.", returned: "when the API answered with an error", type: int, sample: 403}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._wait_for_reply_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
