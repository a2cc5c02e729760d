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
for secret in "${SANDBOX_TOKEN}" sandbox-password sandbox-access-token; do
    if grep -q -F -- "${secret}" "${output}"; then
        echo "a secret appears in the -vvv output:" >&2
        grep -n -F -- "${secret}" "${output}" | sed "s/${secret}/<SECRET>/g" >&2
        exit 1
    fi
done
grep -q "Sending the SMS to +4915799912345 failed with HTTP 401" "${output}"
echo "-vvv output ($(wc -l < "${output}") lines) holds no secret"
