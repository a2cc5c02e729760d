#!/usr/bin/env bash
# Drives sipgate.io.sipgate_balance_info through a real playbook against the local sipgate API sandbox.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

ansible-playbook "${LOCAL_PLAY_ARGS[@]}" main.yml -e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}" \
    -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}" "$@"
