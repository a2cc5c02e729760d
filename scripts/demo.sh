#!/usr/bin/env bash
# The main job, end to end on a fresh machine: builds and installs the collection into a virtualenv, then runs
# the deployment-notification playbook, first in check mode and then for real, and shows the result.
# Without SIPGATE_TOKEN_ID/SIPGATE_TOKEN it talks to the local sipgate API sandbox and shows its outbox.
# With SIPGATE_TOKEN_ID, SIPGATE_TOKEN, SIPGATE_SMS_ID and SIPGATE_RECIPIENT set it sends a real SMS.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/utils/common.sh"

VENV="${SIPGATE_TEST_VENV:-${REPO_ROOT}/.venv}"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements.txt"
export PATH="${VENV}/bin:${PATH}"

echo "==> Building and installing the sipgate.io collection"
mkdir -p "${BUILD_DIR}/dist"
COLLECTION="$(stage_collection)"
ansible-galaxy collection build "${COLLECTION}" --output-path "${BUILD_DIR}/dist" --force >/dev/null
export ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}/installed"
ansible-galaxy collection install "${BUILD_DIR}/dist/sipgate-io-$(sed -n 's/^version: *//p' "${REPO_ROOT}/galaxy.yml").tar.gz" \
    -p "${ANSIBLE_COLLECTIONS_PATH}" --force
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-0}"

if [ -n "${SIPGATE_TOKEN_ID:-}" ] && [ -n "${SIPGATE_TOKEN:-}" ]; then
    : "${SIPGATE_SMS_ID:?set SIPGATE_SMS_ID (such as s0) to send through the real sipgate API}"
    : "${SIPGATE_RECIPIENT:?set SIPGATE_RECIPIENT (such as +4915799912345) to send through the real sipgate API}"
    echo "==> Using the real sipgate API at ${SIPGATE_API_URL:-https://api.sipgate.com/v2}"
    SANDBOX_URL=""
else
    echo "==> No SIPGATE_TOKEN_ID/SIPGATE_TOKEN set: starting the local sipgate API sandbox"
    # The same start-up the integration tests use: waits for the port, stops the sandbox when this script exits.
    SANDBOX_TESTS_DIR="${REPO_ROOT}/tests"
    # shellcheck source=tests/integration/targets/setup_sipgate_sandbox/sandbox.sh
    . "${REPO_ROOT}/tests/integration/targets/setup_sipgate_sandbox/sandbox.sh"
    sandbox_start --idle-timeout 300
    export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID="s0"
    SIPGATE_RECIPIENT="${SIPGATE_RECIPIENT:-+4915799912345}"
    echo "    sandbox listening on ${SIPGATE_API_URL}"
fi

# The modules run on the controller with the virtualenv's Python, which has requests.
playbook_args=(sipgate.io.notify_deployment -i "localhost," -c local -e "ansible_python_interpreter=${VENV}/bin/python"
               -e app_name=shop -e app_version=2.4.1
               -e "{\"sipgate_recipients\": [\"${SIPGATE_RECIPIENT}\"]}")

echo "==> Check mode: validates the input and the credentials, sends nothing"
ansible-playbook "${playbook_args[@]}" --check --diff

echo "==> For real"
ansible-playbook "${playbook_args[@]}"

if [ -n "${SANDBOX_URL:-}" ]; then
    echo "==> What the sandbox received (its outbox)"
    sandbox outbox
fi
echo "==> Demo finished"
