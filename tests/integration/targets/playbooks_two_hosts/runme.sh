#!/usr/bin/env bash
# The ready-to-use playbooks over an inventory of two hosts, with the commands of their headers: one SMS where the
# header says once, one per host where each host alerts for itself. The playbooks target runs them on localhost.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT
cat > "${work}/inventory.ini" <<INVENTORY
[web]
web1
web2
[all:vars]
ansible_connection=local
ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}
INVENTORY
recipients='{"sipgate_recipients": ["+4915799912345"]}'

# outbox PYTHON_CONDITION: assert on the messages the sandbox received (the list `messages`), then clear the outbox.
outbox() {
    sandbox_control GET /outbox | python -c '
import json, re, sys
messages = [sms["message"] for sms in json.load(sys.stdin)["items"]]
assert eval(sys.argv[1]), messages
print("outbox as expected: %s" % messages)' "$1"
    sandbox_control DELETE /outbox > /dev/null
}

echo "== notify_deployment to the group web: one SMS for both hosts"
ansible-playbook -i "${work}/inventory.ini" -e deploy_hosts=web sipgate.io.notify_deployment -e app_name=shop \
    -e app_version=2.4.1 -e "${recipients}" > "${work}/notify.out"
outbox 'len(messages) == 1 and re.fullmatch(r"shop 2\.4\.1 deployed to 2 hosts in [0-9]+s\.", messages[0])'

echo "== alert_on_failure on all hosts, both failing: each host alerts for itself, and the run fails"
if ansible-playbook -i "${work}/inventory.ini" -e alert_hosts=all sipgate.io.alert_on_failure -e "${recipients}" \
        -e simulate_failure=true > "${work}/alert.out"; then
    cat "${work}/alert.out"
    echo "alert_on_failure did not fail the run" >&2
    exit 1
fi
outbox 'sorted(message.split(":")[0] for message in messages) == ["FAILED on web1", "FAILED on web2"]'

echo "== lookup_sms_extension on all hosts: each host gets the configuration, one test SMS"
ansible-playbook -i "${work}/inventory.ini" -e provision_hosts=all sipgate.io.lookup_sms_extension -e "${recipients}" \
    -e "sms_config_path=${work}/{{ inventory_hostname }}.conf" > "${work}/lookup.out"
grep -qx 'sms_id=s1' "${work}/web1.conf"
grep -qx 'sms_id=s1' "${work}/web2.conf"
outbox 'messages == ["Alerts of web1, web2 now go out from s1 (Ops alerts)."]'
echo "the ready-to-use playbooks do over two hosts what their headers say"
