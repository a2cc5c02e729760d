#!/usr/bin/env bash
# Runs the YAML examples of README.md and of every module's EXAMPLES as written, against the local sipgate API sandbox:
# tests/unit/readme_examples.py turns each into a playbook (a task list becomes a play on localhost), one playbook
# imports them all in one ansible-playbook run, and check.yml asserts after each group what reached the sandbox's
# outbox. The user's own roles (deploy, postgres) are stand-ins from roles/.
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

python "${SANDBOX_TESTS_DIR}/unit/readme_examples.py" "${collection}/README.md" "${work}" "${collection}"/plugins/modules/*.py
cat > "${work}/inventory.ini" <<INVENTORY
[web]
web1
[db]
db1
[monitoring]
monitoring1
[all:vars]
ansible_connection=local
ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}
INVENTORY
play=(ansible-playbook -i "${work}/inventory.ini" -e "@${PWD}/vars.yml" -e "sandbox_url=${SANDBOX_URL}"
      -e "monitoring_sms_conf=${work}/monitoring/sms.conf")

# One playbook runs every example, each as its own play(s) in turn, with check.yml's play after each group asserting
# what reached the outbox; one ansible-playbook run instead of one per example (each costs seconds). Registered
# results of the examples stay readable in the later plays (hostvars), which check what a run said.
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
sandbox_control POST /received-sms '{"in_reply_to": "+4915799940001", "text": "ACK, on it: {text}"}' > /dev/null

# Each README example in turn, except the sender set-up, which runs three times below.
senders=
for file in "${work}"/readme_line_*.yml; do
    case "$(cat "${file}")" in
        *sipgate_sms_caller_id:*) senders="${file}" ;;
        *) import "${file}" ;;
    esac
done
[ -n "${senders}" ]
# Quick start 2 recipients, alert on call 2, deployment 1, alert on failure 0 (the role succeeds), look-up 1
# (monitoring1), AWX 1, each team from its own number 1, the acknowledged alert 1.
import "${here}/check.yml" expected_count=9

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
import "${senders}" sms_code="'{{ hostvars.localhost.verification_code }}'"
import "${here}/check.yml" expected_count=1 reset=false
import "${senders}" sms_code=unused
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
# 2 + 0 (the deploy role succeeds) + 1 scheduled + 1 + 1 (+ the retry of no one)
import "${here}/check.yml" expected_count=5 expected_scheduled=1

# The caller id EXAMPLES, then again with the code sipgate texted; the extension EXAMPLES with the number they verified.
import "${work}/examples_sipgate_sms_caller_id.yml"
import "${here}/code.yml" number="'+4915799912345'"
import "${work}/examples_sipgate_sms_caller_id.yml" sms_verification_code="'{{ hostvars.localhost.verification_code }}'"
import "${work}/examples_sipgate_sms_extension.yml"
import "${work}/examples_sipgate_sms_extensions_info.yml"
import "${work}/examples_sipgate_balance_info.yml"
import "${work}/examples_sipgate_sms_history_info.yml"
import "${here}/check.yml" expected_count=1

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
  hosts: localhost
  gather_facts: false
  tasks:
    - name: The acknowledgement with the code, and the yes
      ansible.builtin.assert:
        that:
          - ack.replied and ack.reply.sender == '+4915799940001' and ack.reply.read
          - go_ahead.replied and go_ahead.reply.text == 'yes, go ahead' and not go_ahead.reply.read
PLAY
import "${here}/check.yml" expected_count=2

"${play[@]}" "${examples}"
grep -qx 'sms_id=s1' "${work}/monitoring/sms.conf"
echo "every example ran as written"
