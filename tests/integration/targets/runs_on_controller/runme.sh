#!/usr/bin/env bash
# The sipgate.io modules run in the controller process: managed hosts that cannot be reached send their SMS all the
# same, and a task delegated to one of them runs the module there (and so finds it unreachable).
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

output="$(mktemp -d)"
trap 'rm -rf "${output}"; sandbox_stop' EXIT
# In a file, not on the command line: -vvvv shows the command line's extra variables.
printf 'sandbox_url: "%s"\nsandbox_api_url: "%s"\nsandbox_token_id: "%s"\nsandbox_token: "%s"\n' "${SANDBOX_URL}" \
    "${SANDBOX_API_URL}" "${SANDBOX_TOKEN_ID}" "${SANDBOX_TOKEN}" > "${output}/sandbox.yml"
SANDBOX_VARS=(-e "@${output}/sandbox.yml")

# -vvvv shows every connection Ansible opens and everything it would log: the run must show no secret, and only the
# delegated task may try SSH.
ansible-playbook -i inventory.ini -vvvv main.yml "${SANDBOX_VARS[@]}" "$@" > "${output}/main.log" 2>&1 || {
    cat "${output}/main.log"
    exit 1
}
for secret in "${SANDBOX_TOKEN}"; do
    if grep -qF -- "${secret}" "${output}/main.log"; then
        echo "the -vvvv output of main.yml shows a secret" >&2
        exit 1
    fi
done
attempts="$(grep -c 'ESTABLISH SSH CONNECTION' "${output}/main.log" || true)"
if [ "${attempts}" != 1 ]; then
    grep -n 'ESTABLISH SSH CONNECTION\|^TASK' "${output}/main.log" >&2 || true
    echo "expected one SSH connection attempt (the delegated task), saw ${attempts}" >&2
    exit 1
fi
echo "main.yml: every sipgate.io task ran on the controller, no secret at -vvvv, one SSH attempt (the delegated task)"

# --check --diff for the whole run: nothing is sent or written, and still no host is contacted.
ansible-playbook -i inventory.ini --check --diff check.yml "${SANDBOX_VARS[@]}" "$@"
