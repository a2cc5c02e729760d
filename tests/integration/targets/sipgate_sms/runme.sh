#!/usr/bin/env bash
# Drives sipgate.io.sipgate_sms through real playbooks against the local sipgate API sandbox.
# No `set -x`: it would print the sandbox credentials, which a test below proves never reach the output.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start
# A second sandbox stands in for a proxy (proxy.yml); no_secrets.yml runs on a third, at the same time as the rest.
sandbox_start_another proxy_url
sandbox_start_another secrets_url
# sender_parallel.yml waits mostly on its 150 ms of API latency: it runs on a fourth, at the same time as the rest.
sandbox_start_another senders_url

sandbox_vars=(-e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}")

echo "== no secret in -vvv output, on success and on failure (in the background)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT
output="${work}/no_secrets.out"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -vvv no_secrets.yml "${sandbox_vars[@]}" -e "sandbox_url=${secrets_url}" \
    -e "sandbox_api_url=${secrets_url}/v2" -e sandbox_password=sandbox-password -e sandbox_access_token=sandbox-access-token \
    > "${output}" 2>&1 &
secrets_run=$!

echo "== ten hosts at --forks 10 as one sender, as two, and mixed with plain sends, under 150 ms latency (in the background)"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i sender_inventory.ini --forks 10 sender_parallel.yml "${sandbox_vars[@]}" \
    -e "sandbox_url=${senders_url}" -e "sandbox_api_url=${senders_url}/v2" > "${output}.senders" 2>&1 &
senders_run=$!

echo "== sending, check mode, HTTP errors, senders and truthful results; SIPGATE_* environment variables;"
echo "== ten hosts at --forks 10 into 429 answers, then 200 recipients in one task; a proxy that must not be used;"
echo "== ten hosts whose answers are lost, each settled from the history; eleven recipients in flight against a slow API"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i load_inventory.ini --forks 10 main.yml env_fallback.yml load.yml proxy.yml \
    history_load.yml concurrency.yml \
    "${sandbox_vars[@]}" -e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}" -e "proxy_url=${proxy_url}" "$@"

wait "${senders_run}" || {
    cat "${output}.senders"
    echo "sender_parallel.yml failed" >&2
    exit 1
}
wait "${secrets_run}" || {
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
