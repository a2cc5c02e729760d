#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: sipgate_sms
short_description: Send an SMS through the sipgate REST API
version_added: 1.0.0
description:
  - Sends one SMS text to one or more recipients from a sipgate Web SMS extension, now or at a scheduled time,
    with C(POST /sessions/sms) of the sipgate REST API v2.
  - Every input is checked before anything is sent. One invalid recipient fails the task with a message that names
    every invalid entry, and no SMS goes out.
  - Each recipient gets its own request and its own entry in RV(messages), so a playbook can see exactly who got the
    SMS, who certainly did not (RV(failed_recipients), safe to send to again) and for whom the API may have accepted
    it although no confirmation came back (RV(unknown_recipients); sending to them again may send the SMS twice).
  - A recipient whose outcome is unknown is looked up in the account history (C(GET /history), scope C(history:read)).
    When an outgoing SMS from O(sms_id) to that number with the same text shows there, dated since the attempt, the
    recipient is V(sent) with RV(messages[].confirmed_by=history) and its RV(messages[].history_id). Otherwise it stays
    V(unknown) with a RV(messages[].note). The history never makes the task send anything again; see O(history_lookup).
  - Within one task, an SMS is never sent twice to the same recipient; see O(retries) for when a request is repeated.
    The task sends once for each host it runs for, though; with ten hosts in the play, a task without C(run_once)
    sends ten times. Use C(run_once=true) for one SMS per play.
author:
  - sipgate.io maintainers (@sipgate-io)
extends_documentation_fragment: [sipgate.io.connection, sipgate.io.connection.MODULES, sipgate.io.attributes]
attributes:
  check_mode:
    details:
      - Sends nothing. Validates every input as a real run would, checks the credentials with a read-only
        C(GET /authorization/userinfo) and, when the token may read SMS extensions (scope C(sms:read)), that
        O(sms_id) exists. A token without that scope gives a warning, not a failure.
      - Returns C(changed=true) and the status V(would_send) for each recipient.
      - With O(sender), also reads the caller ids and checks the sender, and writes nothing.
      - Reads the account balance (C(GET /balance), scope C(balance:read)) and returns it as RV(balance). A balance of
        zero or less fails the task, as the real run would fail with HTTP 402. A token without that scope leaves the
        balance in RV(not_verified), naming the scope.
      - The API cannot tell without sending whether the token may send SMS (scope C(sessions:sms:write));
        RV(not_verified) and RV(msg) say so.
  diff_mode:
    details:
      - The diff shows the SMS that is (or in check mode would be) sent, by recipient, and its O(sender).
        C(before) is always empty, because sending an SMS replaces nothing.
options:
  sms_id:
    description:
      - The Web SMS extension to send from, V(s0), V(s1) and so on.
      - M(sipgate.io.sipgate_sms_extensions_info) lists the extensions of an account.
      - If not set, the environment variable E(SIPGATE_SMS_ID) is used.
    type: str
    required: true
  to:
    description:
      - One or more recipients' phone numbers.
      - International numbers are accepted with C(+) or C(00), with spaces, dashes, dots, slashes and parentheses,
        for example V(+4915799912345), V(0049 157 9991 2345) or V(+49 (157\) 999-12345).
      - The national trunk prefix written as V((0\)) right after the country code, as in V(+49 (0\) 157 9991 2345), is
        left out. A V(0) right after the country code written any other way, as in V(+49 0157 9991 2345) or
        V(+490157 9991 2345), is refused, because it would not reach the person meant; write such numbers without the
        V(0). Where the V(0) belongs to the number (Italy, San Marino, Vatican City, Côte d'Ivoire, Gabon, Republic of
        the Congo), it is kept, also when written as V((0\)) and in a national number.
      - A national number such as V(015799912345) is accepted only with O(default_country_code).
      - Each number is normalised to E.164 (C(+) and 7 to 15 digits) and sent like that. Numbers that are equal after
        normalisation get one SMS.
    type: list
    elements: str
    required: true
    aliases: [recipient, recipients]
  msg:
    description:
      - The text of the SMS. Any Unicode text; it must not be empty, only whitespace or only invisible characters
        such as zero-width spaces, and must not hold control characters other than line breaks, tabs and form feeds
        (such as NUL, BEL or ESC), which phones do not show and which would make the whole text UCS-2.
      - Texts longer than one SMS are sent as a concatenated SMS; RV(message_info) tells how many parts. A text that
        takes more than O(max_segments) parts is refused before anything is sent.
      - The option is not called C(message), because ansible-core reserves that name for its own logging.
    type: str
    required: true
  send_at:
    description:
      - Schedule the SMS instead of sending it now.
      - An ISO 8601 time with an offset such as V(2026-12-01T09:30:00+01:00) or V(2026-12-01T08:30:00Z), an ISO 8601
        time without offset (taken as UTC), or Unix seconds such as V(1796113800) (all three examples are the same
        moment).
      - Must be in the future and at most 30 days ahead.
    type: raw
  sender:
    description:
      - The sender to send as, a phone number in any form O(to) accepts (normalised the same way, with
        O(default_country_code)), or V(sipgate) for the built-in sender name.
      - It must be a verified caller id of O(sms_id); otherwise the task fails before anything is written or sent,
        naming the extension's verified senders. M(sipgate.io.sipgate_sms_caller_id) adds and verifies numbers.
      - The API always sends as the extension's default caller id. When O(sender) is not already the default, it
        becomes the default for the sending. The task makes it the default and reads that back, sends, and then, if
        the default still is O(sender), makes the previous default the default again and reads it back, also when
        recipients failed. If the default is not set back, the task fails and says which sender the extension is left
        with. RV(sender), RV(previous_sender) and RV(sender_restored) report only what was read back.
      - An extension on which no caller id is marked default is refused before anything is written, as there would be
        no sender to set back.
      - When making O(sender) the default has an unknown outcome (a timeout, a dropped connection, HTTP 500, 502 or
        504), nothing is sent. The previous default is written again and read back, and the task fails and says which
        sender the extension may now send as, because the API may still carry out the switch later.
      - A recipient whose outcome is unknown (see RV(messages[].status)) may still get the SMS, and then as whichever
        sender is the extension's default at that moment, which may not be O(sender); its RV(messages[].error) says so.
      - The default is shared by everything that sends through the extension. The sends of one user through one
        extension (per O(api_url) and O(sms_id)) on one machine take turns with a lock: a task with O(sender) holds it
        alone from making O(sender) the default until the previous default is back, every other send shares it (tasks
        without O(sender), and the callback plugin sipgate.io.sipgate_sms). As tasks run on the controller, O(sender)
        is safe for every host, fork and playbook of one controller or execution node at once.
      - A task waits at most 300 seconds for the lock, then fails before it writes or sends anything. The lock is a
        file in C(sipgate.io-locks-<uid>) in the temporary directory (E(TMPDIR), else C(/tmp), mode 0700), released
        when the task ends, however it ends; a directory that others may write to fails the task before sending.
      - No lock holds across machines or containers that do not share the temporary directory (AWX or Ansible
        Automation Platform jobs, each in its own container), nor between tasks delegated to different hosts. There,
        give each sender its own extension, or make it the extension's default once with
        M(sipgate.io.sipgate_sms_extension) (C(default_sender)) and send without O(sender).
      - With O(send_at), sipgate does not document whether a scheduled SMS goes out as the default at scheduling time
        or at sending time, and the default is restored right after scheduling. To be sure of the sender of a scheduled
        SMS, make it the extension's default with M(sipgate.io.sipgate_sms_extension) instead; the task warns.
      - Needs the scopes C(sms:read) and, to change the default, C(sms:callerid:write) (or C(sms:write)).
    type: str
  max_segments:
    description:
      - The most SMS parts the text may take, from V(1) to V(255). Each part is billed.
      - One part holds 160 characters of the GSM 03.38 alphabet (153 each when there are several), or 70 (67)
        characters of any other text; RV(message_info) tells what a text takes.
    type: int
    default: 10
  max_in_flight:
    description:
      - How many SMS requests may be in flight at once, from V(1) (one after the other) to V(20).
      - The recipients get their SMS one after the other until the API accepted one, which shows that the credentials,
        the balance and the permission are fine; the others then get theirs up to O(max_in_flight) at a time, over as
        many keep-alive connections. RV(messages) keeps the order of O(to) all the same.
      - The default of V(10) sends to a list of up to 11 recipients in about two round trips to the API, and 200 in
        about 21. More than 20 would cost the managed host more threads, connections and TLS handshakes than it
        saves, and would only meet the rate limit of the API sooner.
      - When the API answers one request with HTTP 429 and C(Retry-After), no request starts until that wait is over,
        whichever request it was. When a failure shows that every other request would fail the same way (wrong
        credentials, insufficient balance, no permission), no request starts after it; requests already in flight
        finish and report what they got, so some recipients may be V(failed) where with V(1) they would be V(not_sent).
      - An SMS is never sent twice to one recipient, however many requests are in flight; see O(retries).
    type: int
    default: 10
    version_added: 1.1.0
  default_country_code:
    description:
      - Country calling code for national numbers in O(to), such as V(49) for Germany.
      - A number with one leading V(0), such as V(015799912345), then becomes V(+4915799912345).
      - Without it, national numbers are refused, because the country cannot be guessed safely.
      - If not set, the environment variable E(SIPGATE_DEFAULT_COUNTRY_CODE) is used.
    type: str
  history_lookup:
    description:
      - Look up recipients whose outcome is unknown in the account history (C(GET /history), scope C(history:read)).
      - The history entry must be an outgoing SMS from O(sms_id) to the recipient with exactly O(msg), dated at most
        60 seconds before the attempt (the API keeps whole seconds, and clocks differ). An identical SMS from the same
        extension to the same number sent in that minute, or by another task at the same time, would count too; put
        something of the task into O(msg) (the host, the time) where that matters.
      - Without the scope the recipients stay V(unknown) with a note naming it, and the task is not failed for that.
      - V(false) leaves every unknown outcome as it is.
    type: bool
    default: true
  history_wait:
    description:
      - How many seconds the look-up of O(history_lookup) keeps looking for SMS that the history does not show yet,
        reading it again after growing pauses of up to 2 seconds. V(0) looks once.
    type: float
    default: 10
seealso:
  - module: sipgate.io.sipgate_sms_extensions_info
  - module: sipgate.io.sipgate_sms_history_info
  - module: sipgate.io.sipgate_balance_info
  - module: ansible.builtin.uri
'''

EXAMPLES = r'''
- name: Tell the team that the deployment finished
  sipgate.io.sipgate_sms:
    token_id: "{{ sipgate_token_id }}"
    token: "{{ sipgate_token }}"
    sms_id: s0
    to:
      - "+4915799912345"
      - "0049 157 9991 2346"
    msg: "{{ app_name }} {{ app_version }} is live on {{ ansible_play_hosts | length }} hosts."
  run_once: true

- name: Set the credentials once for every sipgate.io module, and the extension for sipgate_sms
  module_defaults:
    group/sipgate.io.sipgate:
      token_id: "{{ sipgate_token_id }}"
      token: "{{ sipgate_token }}"
    sipgate.io.sipgate_sms:
      sms_id: s0
  block:
    - name: Deploy
      ansible.builtin.include_role:
        name: deploy
  rescue:
    - name: Alert the on-call engineer
      sipgate.io.sipgate_sms:
        to: "{{ oncall_phone }}"
        msg: "Deploy failed on {{ inventory_hostname }}: {{ ansible_failed_task.name }}"
    - name: Fail the play after alerting
      ansible.builtin.fail:
        msg: "{{ ansible_failed_result.msg | default('deployment failed') }}"

- name: Remind the team tomorrow morning (credentials from SIPGATE_TOKEN_ID and SIPGATE_TOKEN)
  sipgate.io.sipgate_sms:
    sms_id: s0
    to: "015799912345"
    default_country_code: "49"
    msg: Maintenance window starts in 30 minutes.
    # 08:30 tomorrow, Central European Time, computed on the controller.
    send_at: "{{ '%Y-%m-%dT08:30:00+01:00' | strftime((now().timestamp() + 86400) | int) }}"

- name: Send as a verified number of the extension (the extension's default sender stays as it was)
  sipgate.io.sipgate_sms:
    sms_id: s0
    sender: "+49 157 9991 2345"
    to: "{{ oncall_numbers }}"
    msg: Deployment of shop 2.4.1 finished.
  run_once: true

- name: Send, and keep going when some recipients fail
  sipgate.io.sipgate_sms:
    sms_id: s0
    to: "{{ oncall_numbers }}"
    msg: Disk on db1 is 95% full.
  register: alert
  ignore_errors: true

# failed_recipients certainly did not get the SMS, so this never sends anyone the SMS twice.
- name: Retry only the recipients that certainly did not get the SMS
  sipgate.io.sipgate_sms:
    sms_id: s0
    to: "{{ alert.failed_recipients }}"
    msg: Disk on db1 is 95% full.
  when: alert.failed_recipients | default([]) | length > 0

# For unknown_recipients the API may have accepted the SMS; sending again could send it twice.
- name: Say who may or may not have got it
  ansible.builtin.debug:
    msg: "Unconfirmed, not sent again: {{ alert.unknown_recipients | join(', ') }}"
  when: alert.unknown_recipients | default([]) | length > 0
'''

RETURN = r'''
sms_id:
  description: The Web SMS extension the SMS was (or would be) sent from.
  returned: always
  type: str
  sample: s0
messages:
  description:
    - One entry per distinct recipient, in the order of O(to).
    - Empty when the input was invalid, because nothing was sent.
  returned: always
  type: list
  elements: dict
  contains:
    recipient:
      description: The number in E.164 form, as sent to the API.
      type: str
      returned: always
      sample: "+4915799912345"
    input:
      description: The number as given in O(to).
      type: str
      returned: always
      sample: "0049 157 9991 2345"
    status:
      description:
        - V(sent) the API accepted the SMS; V(scheduled) the API accepted it for O(send_at).
        - V(would_send) check mode, nothing was sent.
        - V(unknown) the API may have accepted it, but did not confirm it - it did not answer in time, the connection
          broke after the request was sent, or a gateway or server error (HTTP 500, 502, 503, 504) came back - and the
          account history did not show it either (see RV(messages[].note)). It is not sent again; check before sending
          to this recipient again, or it may get the SMS twice.
        - V(failed) the API certainly did not accept it - it refused it, or could not be reached; see RV(messages[].error).
        - V(not_sent) not tried, because an earlier recipient failed in a way that would fail this one too
          (wrong credentials, insufficient balance, no permission, API unreachable).
      type: str
      returned: always
      choices: [sent, scheduled, would_send, unknown, failed, not_sent]
      sample: sent
    http_status:
      description: The HTTP status of the API's answer for this recipient; V(null) when no answer was received.
      type: int
      returned: always
      sample: 204
    error:
      description: Why this recipient did not get the SMS, or why its outcome is unknown.
      type: str
      returned: when RV(messages[].status) is V(unknown), V(failed) or V(not_sent)
      sample: "Sending the SMS failed with HTTP 402: insufficient account balance: top up the sipgate account."
    confirmed_by:
      description:
        - V(history) when the answer to the request was lost and the account history showed the SMS, so that
          RV(messages[].status) is V(sent) (or V(scheduled)); RV(messages[].http_status) is then the status of the
          lost answer, or V(null).
      type: str
      returned: when the account history confirmed the SMS
      sample: history
    history_id:
      description: The id of the history entry that confirmed the SMS (see M(sipgate.io.sipgate_sms_history_info)).
      type: str
      returned: when RV(messages[].confirmed_by) is returned
      sample: "100001234"
    note:
      description: Why the account history did not settle an unknown outcome.
      type: str
      returned: when RV(messages[].status) is V(unknown) and O(history_lookup=true)
      sample: "The account history could not be checked for it: the token lacks the scope history:read."
    send_at:
      description: The scheduled time in ISO 8601, UTC.
      type: str
      returned: when O(send_at) is set
      sample: "2026-12-01T08:30:00Z"
sent:
  description: How many recipients the API accepted the SMS for (sent or scheduled). V(0) in check mode.
  returned: always
  type: int
  sample: 2
failed_recipients:
  description:
    - The E.164 numbers that certainly did not get the SMS (status V(failed) or V(not_sent)), safe to pass to O(to)
      again; sending to them again can never send anyone the SMS twice.
  returned: always
  type: list
  elements: str
  sample: ["+4915799912346"]
unknown_recipients:
  description:
    - The E.164 numbers the API may have accepted the SMS for without confirming it (status V(unknown)). They are
      never in RV(failed_recipients). Sending to them again may send them the SMS twice; check first.
  returned: always
  type: list
  elements: str
  sample: []
not_verified:
  description:
    - In check mode, what could not be checked without sending; the API only tells when an SMS is sent.
  returned: in check mode
  type: list
  elements: str
  sample: ["the token may send SMS (scope sessions:sms:write)", "the account balance suffices (the token lacks the scope balance:read)"]
balance:
  description:
    - In check mode, the account balance as M(sipgate.io.sipgate_balance_info) returns it.
  returned: in check mode, when the token may read the balance (scope C(balance:read))
  type: dict
  contains:
    amount: {description: "The balance as the API gives it, in ten-thousandths of RV(balance.currency).", type: int,
             returned: always, sample: 123400}
    currency: {description: "The currency, such as V(EUR).", type: str, returned: always, sample: EUR}
    value: {description: "RV(balance.amount) divided by 10000, in whole units of the currency.", type: float, returned: always,
            sample: 12.34}
msg:
  description: What happened, in words; in check mode also what could not be checked.
  returned: on failure, and in check mode
  type: str
  sample: "Check mode: the SMS would go to 2 recipients. Not verified: ..."
send_at:
  description: The scheduled time in ISO 8601, UTC.
  returned: when O(send_at) is set and valid
  type: str
  sample: "2026-12-01T08:30:00Z"
message_info:
  description: How the text is encoded and how many SMS parts it takes (each part is billed).
  returned: when O(msg) is not blank, also when the task fails
  type: dict
  contains:
    length:
      description: Number of characters.
      type: int
      returned: always
      sample: 42
    encoding:
      description:
        - V(gsm7) when every character is in the GSM 03.38 alphabet or its extension table, else V(ucs2).
      type: str
      returned: always
      choices: [gsm7, ucs2]
      sample: gsm7
    segments:
      description:
        - Number of SMS parts. GSM-7 fits 160 characters in one part and 153 in each part of a longer text (characters
          of the extension table such as C(€) count twice); UCS-2 fits 70, and 67 per part.
      type: int
      returned: always
      sample: 1
    units:
      description:
        - What the parts are counted in; GSM-7 septets (extension table characters count two) or UTF-16 code
          units (characters outside the Basic Multilingual Plane, such as most emoji, count two).
      type: int
      returned: always
      sample: 42
sender:
  description:
    - The sender the SMS went (or in check mode would go) out as, in E.164 form or V(sipgate); that is O(sender), once
      it was read back as the extension's default (or, in check mode, found verified).
  returned: when O(sender) is set and the SMS was (or would be) sent as it
  type: str
  sample: "+4915799912345"
previous_sender:
  description:
    - The extension's default sender as read before the task made O(sender) the default.
  returned: when the task wrote the extension's default sender, also when it then failed
  type: str
  sample: sipgate
sender_restored:
  description:
    - V(true) only when RV(previous_sender) was read back as the extension's default again, after the sending (or,
      when making O(sender) the default failed, after writing RV(previous_sender) again).
    - V(false) when the default could not be set back or read back, or when something else had changed it in the
      meantime (a task on another machine); RV(msg) then says which sender the extension is left with, or may send as.
  returned: when RV(previous_sender) is returned
  type: bool
  sample: true
http_status: {description: "HTTP status of the failed request (in check mode, of the credentials or SMS extension check).",
              returned: "when the task fails on an API error before sending", type: int, sample: 401}
'''

from ansible_collections.sipgate.io.plugins.module_utils._module import SipgateModule
from ansible_collections.sipgate.io.plugins.module_utils._sms_task import argument_spec, run


def main():
    SipgateModule(argument_spec()).run(run)


if __name__ == '__main__':
    main()
