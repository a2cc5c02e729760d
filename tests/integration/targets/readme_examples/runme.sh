#!/usr/bin/env bash
# Runs the YAML examples of README.md and of every module's EXAMPLES as written, against the local sipgate API sandbox:
# tests/unit/readme_examples.py turns each into a playbook (a task list becomes a play on localhost), and check.yml
# asserts what reached the sandbox's outbox. The user's own roles (deploy, postgres) are stand-ins from roles/.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
export ANSIBLE_ROLES_PATH="${PWD}/roles"
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

# the verification code sipgate (the sandbox) texted to a number, or nothing
code_for() {
    python - "${SANDBOX_URL}" "$1" <<'PYTHON'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + '/_sandbox/verification-codes') as answer:
    codes = [entry['code'] for entry in json.load(answer)['items'] if entry['phonenumber'] == sys.argv[2]]
print(codes[0] if codes else '')
PYTHON
}

# check COUNT [SCHEDULED]: exactly COUNT SMS (SCHEDULED of them scheduled) reached the outbox; then reset the sandbox
check() {
    "${play[@]}" check.yml -e "expected_count=$1" -e "expected_scheduled=${2:-0}"
}

readme() {
    echo "== README.md line $1"
    "${play[@]}" "${work}/readme_line_$(printf '%04d' "$1").yml" "${@:2}"
}
lines=()
for file in "${work}"/readme_line_*.yml; do
    name="${file##*_line_}"
    lines+=("$((10#${name%.yml}))")
done

# Each README example in turn, except the sender set-up, which runs three times below.
senders=
for line in "${lines[@]}"; do
    case "$(cat "${work}/readme_line_$(printf '%04d' "${line}").yml")" in
        *sipgate_sms_caller_id:*) senders="${line}" ;;
        *) readme "${line}" ;;
    esac
done
# Quick start 2 recipients, alert on call 2, deployment 1, alert on failure 0 (the role succeeds), look-up 1
# (monitoring1), AWX 1.
check 7

# The first run adds the number and stops, saying so; the second verifies it with the code and sends; the third
# changes and sends nothing.
[ -n "${senders}" ]
readme "${senders}" > "${work}/senders.log"
cat "${work}/senders.log"
grep -q 'sipgate texted it a verification code; run the task again with verification_code' "${work}/senders.log"
code="$(code_for +4915799912345)"
"${play[@]}" check.yml -e expected_count=0 -e reset=false
readme "${senders}" -e "sms_code=${code}"
"${play[@]}" check.yml -e expected_count=1 -e reset=false
readme "${senders}" -e "sms_code=unused" > "${work}/senders.log"
grep -Eq 'changed=0 +unreachable=0 +failed=0' "${work}/senders.log" || { cat "${work}/senders.log"; exit 1; }
check 1

echo "== EXAMPLES of sipgate.io.sipgate_sms"
"${play[@]}" "${work}/examples_sipgate_sms.yml"
# 2 + 0 (the deploy role succeeds) + 1 scheduled + 1 + 1 (+ the retry of no one)
check 5 1

echo "== EXAMPLES of sipgate.io.sipgate_sms_caller_id, then with the code sipgate texted"
"${play[@]}" "${work}/examples_sipgate_sms_caller_id.yml"
"${play[@]}" "${work}/examples_sipgate_sms_caller_id.yml" -e "sms_verification_code=$(code_for +4915799912345)"
echo "== EXAMPLES of sipgate.io.sipgate_sms_extension, with the number the caller id examples verified"
"${play[@]}" "${work}/examples_sipgate_sms_extension.yml"
echo "== EXAMPLES of sipgate.io.sipgate_sms_extensions_info"
"${play[@]}" "${work}/examples_sipgate_sms_extensions_info.yml"
grep -qx 'sms_id=s1' "${work}/monitoring/sms.conf"
check 1
echo "every example ran as written"
