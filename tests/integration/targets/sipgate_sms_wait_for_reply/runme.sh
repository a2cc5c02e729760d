#!/usr/bin/env bash
# Drives sipgate.io.sipgate_sms_wait_for_reply through real playbooks against the local sipgate API sandbox: replies
# arrive while the module waits (the sandbox holds them back until the module has polled), from other numbers, before
# `since`; marking read; and two hosts at --forks 10 waiting for the same number.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

# The record of the replies taken lives in the temporary directory (beside the sender lock): this run's own, removed.
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT
export TMPDIR="${work}"

cat > "${work}/inventory.ini" <<INVENTORY
[oncall]
host1
host2
[all:vars]
ansible_connection=local
ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}
INVENTORY

ansible-playbook -i "${work}/inventory.ini" --forks 10 main.yml concurrent.yml -e "sandbox_url=${SANDBOX_URL}" \
    -e "sandbox_api_url=${SANDBOX_API_URL}" -e "sandbox_token_id=${SANDBOX_TOKEN_ID}" -e "sandbox_token=${SANDBOX_TOKEN}" "$@"
