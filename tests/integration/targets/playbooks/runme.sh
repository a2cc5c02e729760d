#!/usr/bin/env bash
# Runs the collection's ready-to-use playbooks (sipgate.io.*) against the local sipgate API sandbox. Each step's exit
# code, output and what the sandbox received are kept; check.yml asserts what each must show.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
recipients='{"sipgate_recipients": ["+4915799912345"]}'
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT

# step NAME COMMAND...: run COMMAND; keep its output in NAME.out, its exit code and what the sandbox holds in NAME.json.
step() {
    local name="$1" rc=0
    shift
    "$@" > "${work}/${name}.out" 2>&1 || rc=$?
    sandbox_save "${work}/${name}.json" "${rc}"
    echo "${name}: rc ${rc}"
}
reset() {
    sandbox_control POST /reset > /dev/null
}
# The verification code sipgate texted to the number being added.
code() {
    sandbox_control GET /verification-codes | python -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["code"])'
}
play=(ansible-playbook "${LOCAL_PLAY_ARGS[@]}")

# Two lanes of steps at the same time, each on its own sandbox: sender numbers on the second.
sandbox_start_another second_url
(
    SANDBOX_URL="${second_url}"
    export SIPGATE_API_URL="${second_url}/v2"
    provision=("${play[@]}" sipgate.io.provision_sms_sender -e '{"sms_id": "s1", "sms_alias": "Ops alerts (prod)", "sender_number": "+49 157 999 00777"}')
    step provision_add "${provision[@]}" -e '{"test_recipients": ["+4915799912346"]}'
    verification_code="$(code)"
    step provision_verify "${provision[@]}" -e "verification_code=${verification_code}" -e '{"test_recipients": ["+4915799912346"]}'
    step provision_again "${provision[@]}" -e "verification_code=${verification_code}"
    reset
    step keep_default_add "${provision[@]}" -e make_default=false
    step keep_default_verify "${provision[@]}" -e make_default=false -e "verification_code=$(code)" -e '{"test_recipients": ["+4915799912346"]}'
    step remove ansible "${LOCAL_PLAY_ARGS[@]}" localhost -m sipgate.io.sipgate_sms_caller_id -a 'sms_id=s1 number=+4915799900777 state=absent'
    step info ansible "${LOCAL_PLAY_ARGS[@]}" localhost -m sipgate.io.sipgate_sms_extensions_info -a 'sms_id=s1 caller_ids=true'
) &
second_lane=$!

step notify "${play[@]}" sipgate.io.notify_deployment -e app_name=shop -e app_version=2.4.1 -e "${recipients}"
reset
step alert_green "${play[@]}" sipgate.io.alert_on_failure -e "${recipients}"
step alert_failed "${play[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true
reset
sandbox_control POST /faults '{"method": "POST", "path": "/sessions/sms", "status": 500, "times": null}' > /dev/null
step alert_unsent "${play[@]}" sipgate.io.alert_on_failure -e "${recipients}" -e simulate_failure=true
reset
step lookup "${play[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_config_path=${work}/sms.conf"
step lookup_unknown "${play[@]}" sipgate.io.lookup_sms_extension -e "${recipients}" -e "sms_alias=Nope" -e "sms_config_path=${work}/nope.conf"
reset
# The extra variables the playbook's header shows, as written there: the alias must arrive whole.
header="$(sed -n 's/^#  *-e \(.*\)$/\1/p' "${SANDBOX_TESTS_DIR}/../playbooks/lookup_sms_extension.yml")"
header="${header#\'}"
header="${header%\'}"
step lookup_header "${play[@]}" sipgate.io.lookup_sms_extension -e "${header}" -e "sms_config_path=${work}/header.conf"
reset
step readme "${play[@]}" readme_module_defaults.yml
reset
step balance_ok "${play[@]}" sipgate.io.check_balance -e min_balance=10 -e "${recipients}"
sandbox_control PUT /config '{"balance": {"amount": 20000}}' > /dev/null
step balance_low "${play[@]}" sipgate.io.check_balance -e min_balance=10 -e "${recipients}"
wait "${second_lane}"

ansible-playbook "${LOCAL_PLAY_ARGS[@]}" check.yml -e "work=${work}" -e "playbooks=${SANDBOX_TESTS_DIR}/../playbooks" "$@"
