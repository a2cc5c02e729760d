#!/usr/bin/env bash
# Drives sipgate.io.sipgate_sms_caller_id through a real playbook against the local sipgate API sandbox, with -vvv,
# and proves that neither the token nor a verification code reaches the output.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT
output="${work}/output"
if ! ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -vvv main.yml -e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}" \
        -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}" -e "codes_file=${work}/codes" "$@" > "${output}" 2>&1; then
    cat "${output}"
    echo "main.yml failed" >&2
    exit 1
fi
tail -n 3 "${output}"
[ -s "${work}/codes" ] || { echo "the playbook wrote no verification codes" >&2; exit 1; }
while read -r secret; do
    if grep -q -F -- "${secret}" "${output}"; then
        echo "a secret or verification code appears in the -vvv output:" >&2
        grep -n -F -- "${secret}" "${output}" | sed "s/${secret}/<SECRET>/g" >&2
        exit 1
    fi
done < <(cat "${work}/codes"; echo "${SANDBOX_TOKEN}")
echo "-vvv output ($(wc -l < "${output}") lines) holds no token and none of the $(wc -l < "${work}/codes") verification codes"
