#!/usr/bin/env bash
# once_within of sipgate.io.sipgate_sms (module.yml; killed.yml: a run killed while it sends) and of the
# sipgate.io.sipgate_sms callback (three runs of failing.yml, then callback_check.yml) against the local sipgate API sandbox.
# No `set -x`: it would print the sandbox credentials.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"; sandbox_stop' EXIT
# The locks and the record of attempts of once_within live in the temporary directory: this run's own, removed at the
# end, so that nothing is left behind and no earlier run counts.
export TMPDIR="${WORK}"
for name in $(env | sed -n 's/^\(SIPGATE_[A-Z_]*\)=.*/\1/p'); do
    unset "${name}"
done
unset ANSIBLE_CALLBACKS_ENABLED
export ANSIBLE_RETRY_FILES_ENABLED=false

interpreter="ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}"
echo "== ten hosts at --forks 10, a repeat, a partly new list, another text, a window that passed, no history:read,"
echo "== check mode and diff"
ansible-playbook -i inventory.ini -e "${interpreter}" --forks 10 module.yml \
    -e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}" \
    -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}" "$@"

echo "== a run killed while the API holds its request: the next run does not send the SMS again"
sandbox_control POST /reset > /dev/null
sandbox_control POST /faults '{"method": "POST", "path": "/sessions/sms", "delay_ms": 120000, "status": 500}' > /dev/null
killed=(ansible-playbook -i inventory.ini -e "${interpreter}" killed.yml -e "sandbox_url=${SANDBOX_URL}"
        -e "sandbox_api_url=${SANDBOX_API_URL}" -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}")
# A session of its own, so that the kill reaches the worker that holds the lock too.
setsid "${killed[@]}" -e phase=send > "${WORK}/killed.out" 2>&1 &
killed_pid=$!
# Await the request at the sandbox (the attempt is noted before it goes out); then kill the run.
deadline=$((SECONDS + 120))
until sandbox_control GET /requests | grep -q '"path": "/v2/sessions/sms"'; do
    if [ "${SECONDS}" -ge "${deadline}" ]; then
        cat "${WORK}/killed.out"
        echo "the request of the run to be killed never reached the sandbox" >&2
        exit 1
    fi
    sleep 0.1
done
kill -KILL -- "-${killed_pid}"
wait "${killed_pid}" || true
"${killed[@]}" -e phase=again "$@"

echo "== the ready-to-use sipgate.io.alert_on_failure with alert_once_within, failing twice: one SMS"
sandbox_control POST /reset > /dev/null
for run in first second; do
    rc=0
    env SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0 \
        ansible-playbook -i inventory.ini -e "${interpreter}" sipgate.io.alert_on_failure -e simulate_failure=true \
        -e alert_once_within=1h -e '{"sipgate_recipients": ["+4915799940030"]}' > "${WORK}/alert_${run}.out" 2>&1 || rc=$?
    [ "${rc}" -eq 2 ] || { cat "${WORK}/alert_${run}.out"; echo "the ${run} run of alert_on_failure ended with ${rc}, not 2" >&2; exit 1; }
done
sandbox expect 'len(outbox) == 1 and outbox[0]["recipient"] == "+4915799940030"'

echo "== the callback: the same failure twice, then another one"
sandbox_control POST /reset > /dev/null
run_failing() {
    local name="$1" rc=0
    shift
    env ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms SIPGATE_API_URL="${SANDBOX_API_URL}" \
        SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0 \
        SIPGATE_RECIPIENTS=+4915799940000 SIPGATE_ONCE_WITHIN=1h \
        ansible-playbook -i inventory.ini --forks 10 -e "${interpreter}" failing.yml "$@" > "${WORK}/${name}.out" 2>&1 || rc=$?
    sandbox_save "${WORK}/${name}.json" "${rc}"
    echo "${name}: rc ${rc}"
}
run_failing first
run_failing same
run_failing other -e failing_task=Migrate
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" callback_check.yml -e "work=${WORK}" "$@"
