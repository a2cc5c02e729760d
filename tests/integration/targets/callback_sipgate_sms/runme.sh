#!/usr/bin/env bash
# Runs real playbooks with the sipgate.io.sipgate_sms callback enabled against the local sipgate API sandbox,
# and checks the SMS the sandbox received.
# No `set -x`: it would print the sandbox credentials, which a test below proves never reach the output.
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
ALL_OUTPUT="${WORK}/all-output"
RUNS=0

# Only what this script sets configures the callback.
for name in $(env | sed -n 's/^\(SIPGATE_[A-Z_]*\)=.*/\1/p'); do
    unset "${name}"
done
export ANSIBLE_CALLBACKS_ENABLED=sipgate.io.sipgate_sms
export ANSIBLE_RETRY_FILES_ENABLED=false
export SIPGATE_API_URL="${SANDBOX_API_URL}"
export SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}"
export SIPGATE_TOKEN="${SANDBOX_TOKEN}"
export SIPGATE_SMS_ID=s0
# An international number written with the trunk prefix (0), and a national number: both are normalised to the
# numbers meant, and each gets one SMS.
export SIPGATE_RECIPIENTS="+49 (0) 157 99912345, 0157 99912346"
export SIPGATE_DEFAULT_COUNTRY_CODE=49
RECIPIENTS="+4915799912345,+4915799912346"

PLAY_ARGS=("${LOCAL_PLAY_ARGS[@]}" -i inventory.ini)

# run COMMAND...: run it, keep its output in OUTPUT and its exit code in RC. The sandbox starts empty, with the
# fault rule in FAULT if that is set.
run() {
    sandbox reset > /dev/null
    if [ -n "${FAULT:-}" ]; then
        sandbox fault "${FAULT}" > /dev/null
    fi
    RUNS=$((RUNS + 1))
    OUTPUT="${WORK}/output-${RUNS}"
    set +e
    "$@" > "${OUTPUT}" 2>&1
    RC=$?
    set -e
    cat "${OUTPUT}" >> "${ALL_OUTPUT}"
}

fail() {
    echo "---- output of the last run (rc ${RC}):" >&2
    cat "${OUTPUT}" >&2
    echo "FAILED: $*" >&2
    exit 1
}

expect_rc() {
    [ "${RC}" -eq "$1" ] || fail "expected exit code $1, got ${RC}"
}

outbox() {
    sandbox check-outbox "$@" || fail "outbox check failed: $*"
}

# warnings TEXT N: the output holds exactly N warnings of the callback that contain TEXT.
warnings() {
    local count
    count="$(python - "${OUTPUT}" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
# Display wraps long warnings (ansible-core 2.18 and earlier without indenting the next lines); join each into one line.
warnings = [' '.join(block.split()) for block in re.findall(r'\[WARNING\]: (.*?)(?=\n\n|\n\[|\n[A-Z]+ \[|\Z)', text, re.S)]
print(sum(1 for warning in warnings if 'sipgate.io.sipgate_sms callback' in warning and sys.argv[2] in warning))
PY
)"
    [ "${count}" -eq "$2" ] || fail "expected $2 callback warning(s) containing '$1', found ${count}"
}

no_traceback() {
    if grep -q -e 'Traceback' -e 'internal error' "${OUTPUT}"; then
        fail "the output holds a traceback or an internal error"
    fi
}

echo "== baseline: exit code of the failing playbook without the callback"
run env -u ANSIBLE_CALLBACKS_ENABLED ansible-playbook "${PLAY_ARGS[@]}" failing.yml
FAILING_RC="${RC}"
[ "${FAILING_RC}" -ne 0 ] || fail "failing.yml should fail"
outbox --count 0

echo "== a failing play sends one SMS per recipient that names the failed hosts, tasks and the unreachable host"
run ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
no_traceback
warnings '' 0
outbox --count 2 --posts 2 --recipients "${RECIPIENTS}" --sms-id s0 \
    --starts-with "Ansible FAILED: failing.yml. 2 hosts failed: " \
    --contains "web1 (Restart nginx: Service not found)" \
    --contains "web2 (Migrate the database: Migration 42 failed: duplicate key)" \
    --contains "1 unreachable: db1." --contains " failed=2 unreachable=1" \
    --absent web3 --absent IGNORED-FAILURE-MESSAGE --absent RESCUED-FAILURE-MESSAGE --absent "${SANDBOX_TOKEN}" \
    --max-segments 2

echo "== a green play sends nothing (ignored failures do not count)"
run ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
warnings '' 0
outbox --count 0 --posts 0

echo "== with on=recap a green play sends one SMS per recipient"
run env SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
warnings '' 0
outbox --count 2 --recipients "${RECIPIENTS}" --equals "Ansible OK: green.yml. ok=2 failed=0 unreachable=0"

echo "== only unreachable is asked for: a play where hosts failed but none was unreachable sends nothing"
run env SIPGATE_NOTIFY_ON=unreachable ansible-playbook "${PLAY_ARGS[@]}" no_log.yml
expect_rc 2
outbox --count 0

echo "== two playbooks in one run: each sends its own SMS about its own recap"
run env SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml no_log.yml
expect_rc 2
outbox --count 4 --several-texts
sandbox expect "sorted(set(sms['message'] for sms in outbox)) == [
    'Ansible FAILED: no_log.yml. 1 host failed: localhost (Log in with the database password). ok=0 failed=1 unreachable=0',
    'Ansible OK: green.yml. ok=2 failed=0 unreachable=0']" || fail "expected one SMS per recipient about each playbook"

echo "== a no_log task's message never reaches the SMS; its task name and host do"
run ansible-playbook "${PLAY_ARGS[@]}" no_log.yml
expect_rc 2
no_traceback
outbox --count 2 --contains "1 host failed: localhost (Log in with the database password)." --absent TOPSECRET-4711 --absent "login failed"

echo "== missing credentials disable the callback with one warning; the play still succeeds"
run env -u SIPGATE_TOKEN_ID -u SIPGATE_TOKEN SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
no_traceback
warnings 'disabled, no SMS will be sent: No sipgate credentials' 1
warnings '' 1
outbox --count 0 --posts 0

echo "== every missing option is named in that one warning"
run env -u SIPGATE_TOKEN -u SIPGATE_SMS_ID -u SIPGATE_RECIPIENTS ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
warnings 'token is missing' 1
warnings 'sms_id is not set' 1
warnings 'recipients is not set' 1
warnings '' 1
outbox --count 0 --posts 0

echo "== an invalid recipient or option value disables the callback with a warning"
run env SIPGATE_RECIPIENTS="+4915799912345, 12345" ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
warnings "recipient 2: '12345' is not a valid phone number" 1
outbox --count 0 --posts 0
run env SIPGATE_TIMEOUT=soon SIPGATE_NOTIFY_ON=recap,sometimes ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
no_traceback
warnings 'disabled, no SMS will be sent' 1
outbox --count 0 --posts 0

echo "== an API error is a warning and does not change the exit code"
FAULT='{"method": "POST", "path": "/sessions/sms", "status": 500, "times": null}'
run env SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
no_traceback
# A 500 answer to a POST may come after the API accepted the SMS: its outcome is unknown, never called a failure.
warnings 'reached 0 of 2 recipients; for +4915799912345, +4915799912346 the API may have accepted it without confirming it, so it was not sent again; check before sending to them again. Sending the notification SMS to +4915799912345 failed with HTTP 500' 1
warnings '' 1
outbox --count 0 --posts 2
run ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
no_traceback
warnings 'failed with HTTP 500' 1
outbox --count 0 --posts 2
FAULT=''

echo "== wrong credentials: one request, the other recipient is not tried"
run env SIPGATE_TOKEN=not-the-token ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
warnings 'failed with HTTP 401: authentication failed' 1
warnings 'reached 0 of 2 recipients; +4915799912345, +4915799912346 did not get it' 1
outbox --count 0 --posts 1

echo "== a --check run sends nothing, unless send_in_check_mode is set"
run ansible-playbook "${PLAY_ARGS[@]}" --check failing.yml
expect_rc "${FAILING_RC}"
warnings '' 0
outbox --count 0 --posts 0
run env SIPGATE_SEND_IN_CHECK_MODE=true ansible-playbook "${PLAY_ARGS[@]}" --check failing.yml
expect_rc "${FAILING_RC}"
outbox --count 2 --starts-with "Ansible FAILED (check mode): failing.yml. 2 hosts failed: "

echo "== the SMS is cut to max_segments parts; the built-in text drops messages and task names first"
run ansible-playbook "${PLAY_ARGS[@]}" many.yml
expect_rc 2
outbox --count 2 --starts-with "Ansible FAILED: many.yml. 24 hosts failed: many" --contains "many24" \
    --absent "Install the application package" --ends-with ". ok=0 failed=24 unreachable=0" --max-segments 2
run env SIPGATE_MAX_SEGMENTS=10 ansible-playbook "${PLAY_ARGS[@]}" many.yml
expect_rc 2
outbox --count 2 --contains "(Install the application package), many" --absent "No package matching" \
    --ends-with ". ok=0 failed=24 unreachable=0" --max-segments 10
run env SIPGATE_MAX_SEGMENTS=1 ansible-playbook "${PLAY_ARGS[@]}" many.yml
expect_rc 2
outbox --count 2 --starts-with "Ansible FAILED: many.yml. 24 hosts failed: many" --absent "Install the application package" \
    --ends-with "..." --max-segments 1
run env SIPGATE_MAX_SEGMENTS=1 SIPGATE_MESSAGE_TEMPLATE='{% for f in failures %}{{ f.host }}: {{ f.msg }} {% endfor %}' \
    ansible-playbook "${PLAY_ARGS[@]}" many.yml
expect_rc 2
outbox --count 2 --contains "No package matching" --ends-with "..." --max-segments 1

echo "== a custom message_template; a broken one falls back to the built-in template with a warning"
run env SIPGATE_MESSAGE_TEMPLATE='{{ status }} {{ playbook }}: {% for f in failures %}{{ f.host }}={{ f.task }}/{{ f.msg }} {% endfor %}({{ counts.hosts }} hosts, {{ unreachable_hosts | join(",") }} down)' \
    ansible-playbook "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
warnings '' 0
outbox --count 2 --equals "FAILED failing.yml: web1=Restart nginx/Service not found web2=Migrate the database/Migration 42 failed: duplicate key (4 hosts, db1 down)"
run env SIPGATE_MESSAGE_TEMPLATE='{{ status' SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
no_traceback
warnings 'message_template is not a valid Jinja2 template' 1
outbox --count 2 --equals "Ansible OK: green.yml. ok=2 failed=0 unreachable=0"
run env SIPGATE_MESSAGE_TEMPLATE='{{ no_such_variable }}' SIPGATE_NOTIFY_ON=recap ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
no_traceback
warnings "message_template could not be rendered (UndefinedError: 'no_such_variable' is undefined)" 1
outbox --count 2 --equals "Ansible OK: green.yml. ok=2 failed=0 unreachable=0"

echo "== every option from the [callback_sipgate_sms] section of ansible.cfg"
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
run env -u ANSIBLE_CALLBACKS_ENABLED -u SIPGATE_API_URL -u SIPGATE_TOKEN_ID -u SIPGATE_TOKEN -u SIPGATE_SMS_ID \
    -u SIPGATE_RECIPIENTS -u SIPGATE_DEFAULT_COUNTRY_CODE ANSIBLE_CONFIG="${WORK}/ansible.cfg" \
    ansible-playbook "${PLAY_ARGS[@]}" green.yml
expect_rc 0
warnings '' 0
outbox --count 1 --recipients +4915799912347 --sms-id s1 --equals "INI OK green.yml ok=2"

echo "== no secret in any output, even at -vvv"
run env SIPGATE_NOTIFY_ON=recap ansible-playbook -vvv "${PLAY_ARGS[@]}" failing.yml
expect_rc "${FAILING_RC}"
outbox --count 2
# Only the sipgate token: ansible-core itself prints the error of a failed no_log task (TOPSECRET-4711 above).
if grep -q -F -- "${SANDBOX_TOKEN}" "${ALL_OUTPUT}"; then
    echo "the sipgate token appears in the output of the playbook runs" >&2
    exit 1
fi
echo "${RUNS} playbook runs passed"
