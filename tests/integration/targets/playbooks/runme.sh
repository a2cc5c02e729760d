#!/usr/bin/env bash
# Runs the collection's ready-to-use playbooks (sipgate.io.*) against the local sipgate API sandbox.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
recipients='{"sipgate_recipients": ["+4915799912345"]}'
workdir="$(mktemp -d)"

echo "== sipgate.io.notify_deployment"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.notify_deployment -e app_name=shop -e app_version=2.4.1 -e "${recipients}"
sandbox_outbox_check 'len(outbox) == 1 and outbox[0]["smsId"] == "s0" and outbox[0]["message"].startswith("shop 2.4.1 deployed to 1 host in ")'

echo "== sipgate.io.alert_on_failure, nothing fails"
sandbox_control POST /_sandbox/reset > /dev/null
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}"
sandbox_outbox_check 'outbox == []'

echo "== sipgate.io.alert_on_failure, the change fails"
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true > "${workdir}/alert.log" 2>&1 || rc=$?
cat "${workdir}/alert.log"
[ "${rc}" -eq 2 ] || { echo "expected the failure to be re-raised (rc 2), got rc ${rc}" >&2; exit 1; }
grep -q "Apply the configuration change failed: simulated failure" "${workdir}/alert.log"
sandbox_outbox_check 'len(outbox) == 1 and "FAILED on localhost" in outbox[0]["message"] and "Apply the configuration change" in outbox[0]["message"] and "simulated failure" in outbox[0]["message"]'

echo "== sipgate.io.alert_on_failure, the alert itself cannot be sent"
sandbox_control POST /_sandbox/reset > /dev/null
sandbox_control POST /_sandbox/faults '{"method": "POST", "path": "/sessions/sms", "status": 500, "times": null}' > /dev/null
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true > "${workdir}/alert.log" 2>&1 || rc=$?
if [ "${rc}" -ne 2 ] || ! grep -q "Apply the configuration change failed: simulated failure" "${workdir}/alert.log"; then
    cat "${workdir}/alert.log"
    echo "the original failure must still be reported" >&2
    exit 1
fi

echo "== sipgate.io.lookup_sms_extension"
sandbox_control POST /_sandbox/reset > /dev/null
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_config_path=${workdir}/sms.conf"
grep -qx "sms_id=s1" "${workdir}/sms.conf"
grep -qx "sender=sipgate" "${workdir}/sms.conf"
sandbox_outbox_check 'len(outbox) == 1 and outbox[0]["smsId"] == "s1" and "(Ops alerts)" in outbox[0]["message"]'

echo "== sipgate.io.lookup_sms_extension with an alias the account does not have"
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_alias=Nope" \
    -e "sms_config_path=${workdir}/nope.conf" > "${workdir}/lookup.log" 2>&1 || rc=$?
if [ "${rc}" -eq 0 ] || ! grep -q 'No SMS extension is called "Nope"' "${workdir}/lookup.log"; then
    cat "${workdir}/lookup.log"
    echo "expected a clear failure for an unknown alias" >&2
    exit 1
fi
[ ! -e "${workdir}/nope.conf" ]
sandbox_outbox_check 'len(outbox) == 1'
echo "all ready-to-use playbooks work against the sandbox"
