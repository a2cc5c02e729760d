#!/usr/bin/env bash
# Drives sipgate.io.sipgate_sms through real playbooks against the local sipgate API sandbox.
# No `set -x`: it would print the sandbox credentials, which a test below proves never reach the output.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

sandbox_vars=(-e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}"
              -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}")

echo "== sending, validation, check mode, HTTP errors and retries"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" main.yml "${sandbox_vars[@]}" "$@"

echo "== credentials and sms_id from SIPGATE_* environment variables"
SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s1 \
    ansible-playbook "${LOCAL_PLAY_ARGS[@]}" env_fallback.yml -e "sandbox_url=${SANDBOX_URL}" "$@"

echo "== no secret in -vvv output, on success and on failure"
output="$(mktemp)"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -vvv no_secrets.yml "${sandbox_vars[@]}" \
    -e sandbox_password=sandbox-password -e sandbox_access_token=sandbox-access-token > "${output}" 2>&1 || {
    cat "${output}"
    echo "no_secrets.yml failed" >&2
    exit 1
}
basic="$(printf '%s:%s' "${SANDBOX_TOKEN_ID}" "${SANDBOX_TOKEN}" | base64 -w0)"
for secret in "${SANDBOX_TOKEN}" "${basic}" sandbox-password sandbox-access-token s3cr3t-pw abcd-very-secret; do
    if grep -q -F -- "${secret}" "${output}"; then
        echo "a secret appears in the -vvv output:" >&2
        grep -n -F -- "${secret}" "${output}" | sed "s/${secret}/<SECRET>/g" >&2
        exit 1
    fi
done
grep -q "Sending the SMS to +4915799912345 failed with HTTP 401" "${output}"
echo "-vvv output ($(wc -l < "${output}") lines) holds no secret"

echo "== ten hosts at --forks 10 into 429 answers, then 200 recipients in one task: each SMS exactly once"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i load_inventory.ini --forks 10 load.yml "${sandbox_vars[@]}" "$@"

echo "== ten hosts at --forks 10 as one sender, as two, and mixed with plain sends, under 150 ms latency: each SMS as its task's sender"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i sender_inventory.ini --forks 10 sender_parallel.yml "${sandbox_vars[@]}" "$@"

echo "== ten hosts at --forks 10, every answer lost after sending: each settles its own SMS from the shared history"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i load_inventory.ini --forks 10 history_load.yml "${sandbox_vars[@]}" "$@"

echo "== eleven recipients against a slow API: ten in flight at once, each SMS exactly once"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" concurrency.yml "${sandbox_vars[@]}" "$@"

echo "== with http_proxy set, a loopback api_url never goes through the proxy"
sandbox reset > /dev/null
proxy="$(sandbox start)"
proxy_url="$(sed -n "s/^export SANDBOX_URL=//p" <<< "${proxy}")"
proxy_pid="$(sed -n "s/^export SANDBOX_PID=//p" <<< "${proxy}")"
trap 'kill "${proxy_pid}" 2>/dev/null || true; sandbox_stop' EXIT
# The second sandbox stands in for a proxy: it answers requests in absolute form and logs them.
http_proxy="${proxy_url}" HTTP_PROXY="${proxy_url}" all_proxy="${proxy_url}" no_proxy="" NO_PROXY="" \
    SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" \
    ansible "${LOCAL_PLAY_ARGS[@]}" localhost -m sipgate.io.sipgate_sms -a 'sms_id=s0 to=+4915799912345 msg=Hello'
sandbox expect 'len(outbox) == 1'
sandbox --url "${proxy_url}" expect 'requests == [] and outbox == []'
echo "the proxy saw nothing"
