#!/usr/bin/env bash
# Runs the YAML examples of README.md and of every module's and filter's EXAMPLES as written, against the local sipgate
# API sandbox: tests/unit/readme_examples.py turns each into a playbook (a task list becomes a play on the group
# examples), one playbook imports them all in one ansible-playbook run, and check.yml asserts after each group what
# reached the sandbox's outbox. That run is made twice: with one host in each group of the inventory, and with two,
# where an example meant to send one SMS must still send one. The user's own roles (deploy, postgres) are stand-ins
# from roles/.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
export ANSIBLE_ROLES_PATH="${PWD}/roles"
# The examples run as written; only how: modules through the local connection without temporary files, and facts
# gathered once per host for the whole run instead of once per play (each example is its own play).
export ANSIBLE_PIPELINING=True ANSIBLE_GATHERING=smart
collection="${SANDBOX_TESTS_DIR}/.."
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT

python "${SANDBOX_TESTS_DIR}/unit/readme_examples.py" "${collection}/README.md" "${work}" \
    "${collection}"/plugins/modules/*.py "${collection}"/plugins/filter/*.py

# inventory HOSTS: an inventory with HOSTS hosts in each group the examples name, every one run on this machine.
inventory() {
    local group index
    for group in web db monitoring examples; do
        echo "[${group}]"
        for ((index = 1; index <= $1; index++)); do echo "${group}${index}"; done
    done
    echo "[all:vars]"
    echo "ansible_connection=local"
    echo "ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}"
}

# One playbook runs every example, each as its own play(s) in turn, with check.yml's play after each group asserting
# what reached the outbox; one ansible-playbook run instead of one per example (each costs seconds). Registered
# results of the examples stay readable in the later plays (hostvars), which check what a run said. The counts depend
# on the extra variable group_size, the number of hosts in each group.
here="${PWD}"
examples="${work}/all_examples.yml"
echo '---' > "${examples}"
# import PLAYBOOK [VAR=VALUE ...]: the next play(s), with these play vars
import() {
    echo "- import_playbook: $1" >> "${examples}"
    if [ "$#" -gt 1 ]; then
        echo "  vars:" >> "${examples}"
        shift
        for pair in "$@"; do echo "    ${pair%%=*}: ${pair#*=}" >> "${examples}"; done
    fi
}

# The reply the README's acknowledged alert waits for: it comes once the alert is sent, and quotes it with its code.
cat >> "${examples}" <<'PLAY'
- name: The reply to the README's acknowledged alert will come
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Hold it back until the alert is sent
      sipgate_sandbox:
        receive_sms: {in_reply_to: "+4915799940001", text: "ACK, on it: {text}"}
PLAY

# Each README example in turn, except the sender set-up, which runs three times below.
senders=
for file in "${work}"/readme_line_*.yml; do
    case "$(cat "${file}")" in
        *sipgate_sms_caller_id:*) senders="${file}" ;;
        *) import "${file}" ;;
    esac
done
[ -n "${senders}" ]
# The number checked by the filter 1, quick start 2 recipients, alert on call 2 (once: run_once), deployment 1, alert
# on failure 0 (the role succeeds), look-up 1 per monitoring host (each sends its own test alert), AWX 1, each team
# from its own number 1 per host, the acknowledged alert 1.
import "${here}/check.yml" expected_count="'{{ 8 + 2 * group_size | int }}'"

# The first run adds the number and stops, saying so; the second verifies it with the code and sends; the third
# changes and sends nothing.
import "${senders}"
cat >> "${examples}" <<'PLAY'
- name: The sender set-up stopped, saying what to do next
  hosts: localhost
  gather_facts: false
  tasks:
    - name: It asked for the code sipgate texted
      ansible.builtin.assert:
        that:
          - sender.verification_pending
          - "'sipgate texted it a verification code; run the task again with verification_code' in sender.msg"
PLAY
import "${here}/check.yml" expected_count=0 reset=false
import "${here}/code.yml" number="'+4915799912345'"
import "${senders}" verification_code="'{{ hostvars.localhost.texted_code }}'"
import "${here}/check.yml" expected_count=1 reset=false
import "${senders}" verification_code=unused
cat >> "${examples}" <<'PLAY'
- name: The third sender set-up changed nothing
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Neither the sender nor the extension changed (and check.yml finds no new SMS)
      ansible.builtin.assert:
        that:
          - not sender.verification_pending
          - sender is not changed
          - extension is not changed
PLAY
import "${here}/check.yml" expected_count=1

import "${work}/examples_sipgate_sms.yml"
# 2 + 0 (the deploy role succeeds) + 1 scheduled + 1 + 1 (+ the retry of no one), over any number of hosts
import "${here}/check.yml" expected_count=5 expected_scheduled=1

# The caller id EXAMPLES, then again with the code sipgate texted, as their comment says; the extension EXAMPLES with
# the number they verified.
import "${work}/examples_sipgate_sms_caller_id.yml"
cat >> "${examples}" <<'PLAY'
- name: The first caller id run waits for the code
  hosts: examples
  gather_facts: false
  tasks:
    - name: It says so
      ansible.builtin.assert:
        that:
          - caller_id.verification_pending
          - "'run the task again with verification_code' in caller_id.msg"
PLAY
import "${here}/code.yml" number="'+4915799912345'"
import "${work}/examples_sipgate_sms_caller_id.yml" verification_code="'{{ hostvars.localhost.texted_code }}'"
cat >> "${examples}" <<'PLAY'
- name: The second caller id run verified the number
  hosts: examples
  gather_facts: false
  tasks:
    - name: It is verified
      ansible.builtin.assert:
        that:
          - not caller_id.verification_pending
          - caller_id.caller_id.verified
PLAY
import "${work}/examples_sipgate_sms_extension.yml"
import "${work}/examples_sipgate_sms_extensions_info.yml"
import "${work}/examples_sipgate_balance_info.yml"
import "${work}/examples_sipgate_sms_history_info.yml"
import "${work}/examples_e164.yml"
# The test SMS of the extensions_info EXAMPLES, one per host (each names its host), and the filter's one SMS.
import "${here}/check.yml" expected_count="'{{ 1 + group_size | int }}'"

# The replies the wait examples wait for: they come once the SMS they answer is sent (the second after the wait's first
# read), the first quoting the alert with its code.
cat >> "${examples}" <<'PLAY'
- name: Replies will come to the SMS of the wait examples
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Hold them back until the SMS they answer is sent
      sipgate_sandbox:
        receive_sms:
          - {in_reply_to: "+4915799940001", text: "ACK: {text}"}
          - {in_reply_to: "+4915799940002", text: "yes, go ahead", after_polls: 1}
PLAY
import "${work}/examples_sipgate_sms_wait_for_reply.yml"
cat >> "${examples}" <<'PLAY'
- name: Both waits got their reply
  hosts: examples
  gather_facts: false
  tasks:
    - name: The acknowledgement with the code, and the yes
      ansible.builtin.assert:
        that:
          - ack.replied and ack.reply.sender == '+4915799940001' and ack.reply.read
          - go_ahead.replied and go_ahead.reply.text == 'yes, go ahead' and not go_ahead.reply.read
PLAY
import "${here}/check.yml" expected_count=2

for hosts in 1 2; do
    echo "== every example over ${hosts} host(s) in each group"
    inventory "${hosts}" > "${work}/inventory.ini"
    ansible-playbook -i "${work}/inventory.ini" -e "@${PWD}/vars.yml" -e "sandbox_url=${SANDBOX_URL}" -e "group_size=${hosts}" \
        -e "monitoring_sms_conf=${work}/monitoring-${hosts}/sms.conf" "${examples}"
    grep -qx 'sms_id=s1' "${work}/monitoring-${hosts}/sms.conf"
    sandbox reset > /dev/null
done
echo "every example ran as written, over one host and over two"
