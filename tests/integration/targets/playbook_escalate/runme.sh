#!/usr/bin/env bash
# Runs the ready playbook sipgate.io.escalate against the local sipgate API sandbox, whose replies come once the person
# is texted and quote the SMS they answer (so a reply holds the one-time code, which the test cannot know beforehand).
# Each run's exit code, output and what the sandbox holds are kept; check.yml asserts them.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT
# The record of the replies taken goes to this run's own temporary directory, removed with it.
export TMPDIR="${work}"

# run NAME ARGS...: sipgate.io.escalate with ARGS; its output in NAME.out, its exit code and the sandbox in NAME.json.
run() {
    local name="$1" rc=0
    shift
    ansible-playbook "${LOCAL_PLAY_ARGS[@]}" sipgate.io.escalate -e escalation_wait=3 "$@" > "${work}/${name}.out" 2>&1 || rc=$?
    printf '{"rc": %s, "outbox": %s, "history": %s}\n' "${rc}" "$(sandbox_control GET /outbox)" \
        "$(curl -sSf --noproxy '*' -u "${SANDBOX_TOKEN_ID}:${SANDBOX_TOKEN}" "${SANDBOX_API_URL}/history?types=SMS&limit=100")" \
        > "${work}/${name}.json"
    sandbox_control POST /reset > /dev/null
}

# The first person answers with a wrong code, the second with the SMS they got; the first is listed twice, in two forms.
sandbox_control POST /received-sms '[{"in_reply_to": "+4915799940001", "text": "ACK 123"},
                                     {"in_reply_to": "+4915799940002", "text": "on it: {text}"}]' > /dev/null
run second_answers -e '{"escalation_numbers": ["+4915799940001", "0049 157 99940001", "+4915799940002", "+4915799940003"]}' \
    -e 'escalation_message="db1: disk 95% full."'

# A forged reply from another number quotes the code sent to the first; the second answers with an old code.
sandbox_control POST /received-sms '[{"source": "+4915799940009", "in_reply_to": "+4915799940001", "text": "{text}"},
                                     {"in_reply_to": "+4915799940002", "text": "ACK 000000"}]' > /dev/null
run nobody -e '{"escalation_numbers": ["+4915799940001", "+4915799940002"]}' -e 'escalation_message="db1: disk 95% full."' \
    -e escalation_code_digits=8

# In check mode: nobody is texted, nothing is waited for.
run check --check -e '{"escalation_numbers": ["+4915799940001", "+4915799940002"]}' -e 'escalation_message="db1: disk 95% full."'

# A number that is none: nobody is texted.
run invalid -e '{"escalation_numbers": ["+4915799940001", "12"]}' -e 'escalation_message="db1: disk 95% full."'

ansible-playbook "${LOCAL_PLAY_ARGS[@]}" check.yml -e "work=${work}"
