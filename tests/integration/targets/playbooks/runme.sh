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
sandbox expect 'len(outbox) == 1 and outbox[0]["smsId"] == "s0" and outbox[0]["message"].startswith("shop 2.4.1 deployed to 1 host in ")'

echo "== sipgate.io.alert_on_failure, nothing fails"
sandbox reset > /dev/null
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}"
sandbox expect 'outbox == []'

echo "== sipgate.io.alert_on_failure, the change fails"
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true > "${workdir}/alert.log" 2>&1 || rc=$?
cat "${workdir}/alert.log"
[ "${rc}" -eq 2 ] || { echo "expected the failure to be re-raised (rc 2), got rc ${rc}" >&2; exit 1; }
grep -q "Apply the configuration change failed: simulated failure" "${workdir}/alert.log"
sandbox expect 'len(outbox) == 1 and "FAILED on localhost" in outbox[0]["message"] and "Apply the configuration change" in outbox[0]["message"] and "simulated failure" in outbox[0]["message"]'

echo "== sipgate.io.alert_on_failure, the alert itself cannot be sent"
sandbox reset > /dev/null
sandbox fault '{"method": "POST", "path": "/sessions/sms", "status": 500, "times": null}' > /dev/null
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true > "${workdir}/alert.log" 2>&1 || rc=$?
if [ "${rc}" -ne 2 ] || ! grep -q "Apply the configuration change failed: simulated failure" "${workdir}/alert.log"; then
    cat "${workdir}/alert.log"
    echo "the original failure must still be reported" >&2
    exit 1
fi

echo "== sipgate.io.lookup_sms_extension"
sandbox reset > /dev/null
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_config_path=${workdir}/sms.conf"
grep -qx "sms_id=s1" "${workdir}/sms.conf"
grep -qx "sender=sipgate" "${workdir}/sms.conf"
sandbox expect 'len(outbox) == 1 and outbox[0]["smsId"] == "s1" and "(Ops alerts)" in outbox[0]["message"]'

echo "== sipgate.io.lookup_sms_extension with an alias the account does not have"
rc=0
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_alias=Nope" \
    -e "sms_config_path=${workdir}/nope.conf" > "${workdir}/lookup.log" 2>&1 || rc=$?
if [ "${rc}" -eq 0 ] || ! grep -q -E 'No SMS extension is called \\?"Nope\\?"' "${workdir}/lookup.log"; then
    cat "${workdir}/lookup.log"
    echo "expected a clear failure for an unknown alias" >&2
    exit 1
fi
[ ! -e "${workdir}/nope.conf" ]
sandbox expect 'len(outbox) == 1'
echo "== sipgate.io.lookup_sms_extension with the extra variables of its header: the alias arrives whole"
sandbox reset > /dev/null
header="$(sed -n 's/^#  *-e \(.*\)$/\1/p' "${SANDBOX_TESTS_DIR}/../playbooks/lookup_sms_extension.yml")"
header="${header#\'}"
header="${header%\'}"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.lookup_sms_extension -e "${header}" -e "sms_config_path=${workdir}/header.conf"
grep -qx "sms_id=s1" "${workdir}/header.conf"
sandbox expect 'len(outbox) == 1 and "from s1 (Ops alerts)." in outbox[0]["message"]'
# By default the file goes to the remote user's home directory, never into the installed collection.
grep -qx '    sms_config_path: "~/sipgate_sms_alerts.conf"' "${SANDBOX_TESTS_DIR}/../playbooks/lookup_sms_extension.yml"

echo "== the README's recommended module_defaults with its lookup example"
sandbox reset > /dev/null
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" readme_module_defaults.yml
sandbox expect 'len(outbox) == 2 and {sms["smsId"] for sms in outbox} == {"s0", "s1"}'

echo "== sipgate.io.provision_sms_sender: add a number, stop until it is verified"
sandbox reset > /dev/null
provision=(ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.provision_sms_sender
           -e '{"sms_id": "s1", "sms_alias": "Ops alerts (prod)", "sender_number": "+49 157 999 00777"}')
"${provision[@]}" -e '{"test_recipients": ["+4915799912346"]}' > "${workdir}/provision.log"
cat "${workdir}/provision.log"
grep -q "sipgate texted it a verification code; run the task again with verification_code" "${workdir}/provision.log"
sandbox expect 'outbox == [] and [code["phonenumber"] for code in codes] == ["+4915799900777"]'
code="$(sandbox codes | python -c 'import json, sys; print(json.load(sys.stdin)[0]["code"])')"

echo "== with the code: verified, the extension renamed and sending as the number, a test SMS from it"
"${provision[@]}" -e "verification_code=${code}" -e '{"test_recipients": ["+4915799912346"]}'
sandbox expect 'len(outbox) == 1 and outbox[0]["sender"] == "+4915799900777" and outbox[0]["smsId"] == "s1"'
sandbox expect 'codes == []'

echo "== a second run changes nothing"
"${provision[@]}" -e "verification_code=${code}" > "${workdir}/provision.log"
grep -E "^localhost +: ok=[0-9]+ +changed=0 " "${workdir}/provision.log" || { cat "${workdir}/provision.log"; exit 1; }

echo "== the extension's default stays; one SMS goes out as another verified number; then the number is removed"
sandbox reset > /dev/null
"${provision[@]}" -e make_default=false > /dev/null
code="$(sandbox codes | python -c 'import json, sys; print(json.load(sys.stdin)[0]["code"])')"
"${provision[@]}" -e make_default=false -e "verification_code=${code}" -e '{"test_recipients": ["+4915799912346"]}'
sandbox expect 'len(outbox) == 1 and outbox[0]["sender"] == "+4915799900777"'
# The previous default (the sender name sipgate) is the default of s1 again.
sandbox expect '[(r["method"], r["body"]) for r in requests if r["method"] == "PUT" and "callerids" in r["path"]] == [("PUT", {"defaultNumber": True})] * 2'
ansible -i localhost, -c local -e "ansible_python_interpreter=$(command -v python)" localhost -m sipgate.io.sipgate_sms_caller_id \
    -a 'sms_id=s1 number=+4915799900777 state=absent'
ansible -i localhost, -c local -e "ansible_python_interpreter=$(command -v python)" localhost -m sipgate.io.sipgate_sms_extensions_info \
    -a 'sms_id=s1 caller_ids=true' > "${workdir}/info.log"
grep -q '"default_caller_id": "sipgate"' "${workdir}/info.log"
if grep -q '+4915799900777' "${workdir}/info.log"; then
    cat "${workdir}/info.log"
    echo "the number was not removed" >&2
    exit 1
fi

echo "all ready-to-use playbooks work against the sandbox"
