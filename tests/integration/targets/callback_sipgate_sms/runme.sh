#!/usr/bin/env bash
# Runs real playbooks with the sipgate.io.sipgate_sms callback enabled against the local sipgate API sandbox: each run
# below starts from an empty sandbox (with a fault rule where given), and its exit code, output and what the sandbox
# received are kept; check.yml then asserts what each run must show. Option tables are in the unit tests.
# No `set -x`: it would print the sandbox credentials, which check.yml proves never reach the output.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

WORK="$(mktemp -d)"
# The generated ansible.cfg holds the (sandbox) token: remove it, and stop the sandbox, however the script ends.
trap 'rm -rf "${WORK}"; sandbox_stop' EXIT

# Only what this script sets configures the callback.
for name in $(env | sed -n 's/^\(SIPGATE_[A-Z_]*\)=.*/\1/p'); do
    unset "${name}"
done
# The callback is enabled per run, and not for check.yml.
unset ANSIBLE_CALLBACKS_ENABLED
export ANSIBLE_RETRY_FILES_ENABLED=false
export SIPGATE_API_URL="${SANDBOX_API_URL}"
export SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}"
export SIPGATE_TOKEN="${SANDBOX_TOKEN}"
export SIPGATE_SMS_ID=s0
# An international number written with the trunk prefix (0), and a national number: both are normalised to the
# numbers meant, and each gets one SMS.
export SIPGATE_RECIPIENTS="+49 (0) 157 99912345, 0157 99912346"
export SIPGATE_DEFAULT_COUNTRY_CODE=49

cat > "${WORK}/ansible.cfg" <<CFG
[defaults]
callbacks_enabled = sipgate.io.sipgate_sms
retry_files_enabled = false

[callback_sipgate_sms]
api_url = ${SANDBOX_API_URL}
token_id = ${SANDBOX_TOKEN_ID}
token = ${SANDBOX_TOKEN}
sms_id = s1
recipients = 0157 99912347
default_country_code = +49
validate_certs = true
timeout = 10
retries = 1
on = recap
send_in_check_mode = false
max_segments = 1
message_template = INI {{ status }} {{ playbook }} ok={{ counts.ok }}
CFG

# run NAME FAULT COMMAND...: run COMMAND on an empty sandbox (with the fault rule FAULT unless it is empty); keep its
# output in NAME.out and its exit code with what the sandbox received in NAME.json.
run() {
    local name="$1" fault="$2" rc=0
    shift 2
    sandbox_control POST /reset > /dev/null
    [ -z "${fault}" ] || sandbox_control POST /faults "${fault}" > /dev/null
    "$@" > "${WORK}/${name}.out" 2>&1 || rc=$?
    sandbox_save "${WORK}/${name}.json" "${rc}"
    echo "${name}: rc ${rc}"
}

play=(ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i inventory.ini)
callback=(env ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms)
always_500='{"method": "POST", "path": "/sessions/sms", "status": 500, "times": null}'
template='{{ status }} {{ playbook }}: {% for f in failures %}{{ f.host }}={{ f.task }}/{{ f.msg }} {% endfor %}({{ counts.hosts }} hosts, {{ unreachable_hosts | join(",") }} down)'

# Two lanes of runs at the same time, each on its own sandbox.
sandbox_start_another second_url
(
    SANDBOX_URL="${second_url}"
    export SIPGATE_API_URL="${second_url}/v2"
    run api_error "${always_500}" "${callback[@]}" "${play[@]}" failing.yml
    run check_mode '' "${callback[@]}" "${play[@]}" --check failing.yml
    run send_in_check_mode '' "${callback[@]}" SIPGATE_SEND_IN_CHECK_MODE=true "${play[@]}" --check failing.yml
    run cut '' "${callback[@]}" "${play[@]}" many.yml
    run cut_template '' "${callback[@]}" SIPGATE_MAX_SEGMENTS=1 SIPGATE_MESSAGE_TEMPLATE='{% for f in failures %}{{ f.host }}: {{ f.msg }} {% endfor %}' \
        "${play[@]}" many.yml
    run template '' "${callback[@]}" SIPGATE_MESSAGE_TEMPLATE="${template}" "${play[@]}" failing.yml
    run template_fails '' "${callback[@]}" SIPGATE_MESSAGE_TEMPLATE='{{ no_such_variable }}' SIPGATE_NOTIFY_ON=recap "${play[@]}" green.yml
    run verbose '' "${callback[@]}" SIPGATE_NOTIFY_ON=recap "${play[@]}" -vvv failing.yml
) &
second_lane=$!

run baseline '' "${play[@]}" failing.yml
run failing '' "${callback[@]}" "${play[@]}" failing.yml
run green '' "${callback[@]}" "${play[@]}" green.yml
run two_playbooks '' "${callback[@]}" SIPGATE_NOTIFY_ON=recap "${play[@]}" green.yml no_log.yml
run no_log '' "${callback[@]}" "${play[@]}" no_log.yml
run missing_options '' env -u SIPGATE_TOKEN -u SIPGATE_SMS_ID -u SIPGATE_RECIPIENTS "${callback[@]:1}" "${play[@]}" failing.yml
run invalid_recipient '' "${callback[@]}" SIPGATE_RECIPIENTS="+4915799912345, 12345" "${play[@]}" failing.yml
run invalid_values '' "${callback[@]}" SIPGATE_TIMEOUT=soon SIPGATE_NOTIFY_ON=recap,sometimes "${play[@]}" green.yml
run ini '' env -u SIPGATE_API_URL -u SIPGATE_TOKEN_ID -u SIPGATE_TOKEN -u SIPGATE_SMS_ID -u SIPGATE_RECIPIENTS \
    -u SIPGATE_DEFAULT_COUNTRY_CODE ANSIBLE_CONFIG="${WORK}/ansible.cfg" "${play[@]}" green.yml
wait "${second_lane}"

ansible-playbook "${LOCAL_PLAY_ARGS[@]}" check.yml -e "work=${WORK}" -e "sandbox_token=${SANDBOX_TOKEN}" "$@"
