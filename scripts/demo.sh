#!/usr/bin/env bash
# The main job, end to end on a fresh machine: builds and installs the collection into a virtualenv, then runs
# the deployment-notification playbook, first in check mode and then for real, and shows the result.
# Without SIPGATE_TOKEN_ID/SIPGATE_TOKEN it talks to the local sipgate API sandbox and shows its outbox.
# With SIPGATE_TOKEN_ID, SIPGATE_TOKEN, SIPGATE_SMS_ID and SIPGATE_RECIPIENTS (comma-separated, as the callback reads
# it) set it sends a real SMS. Everything it makes outside .venv lives in one temporary directory, removed at the end.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/utils/common.sh"

VENV="${SIPGATE_TEST_VENV:-${REPO_ROOT}/.venv}"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements.txt"
export PATH="${VENV}/bin:${PATH}"

# The staged copy, the tarball, the installed collection and what the run leaves in the temporary directory (such as
# the sender lock's directory): all in WORK, removed when the demo ends, however it ends.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sipgate.io-demo.XXXXXX")"
trap 'rm -rf "${WORK}"' EXIT
export TMPDIR="${WORK}/tmp"
mkdir -p "${TMPDIR}"

# SIPGATE_RECIPIENT, the demo's name before it read the callback's SIPGATE_RECIPIENTS, still works (deprecated).
if [ -z "${SIPGATE_RECIPIENTS:-}" ] && [ -n "${SIPGATE_RECIPIENT:-}" ]; then
    echo "==> SIPGATE_RECIPIENT is deprecated: set SIPGATE_RECIPIENTS, which the callback reads too"
    SIPGATE_RECIPIENTS="${SIPGATE_RECIPIENT}"
fi

echo "==> Building and installing the sipgate.io collection"
COLLECTION="$(stage_collection "${WORK}/stage")"
ansible-galaxy collection build "${COLLECTION}" --output-path "${WORK}/dist" >/dev/null
export ANSIBLE_COLLECTIONS_PATH="${WORK}/installed"
ansible-galaxy collection install "${WORK}/dist/sipgate-io-$(sed -n 's/^version: *//p' "${REPO_ROOT}/galaxy.yml").tar.gz" \
    -p "${ANSIBLE_COLLECTIONS_PATH}"
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-0}"

if [ -n "${SIPGATE_TOKEN_ID:-}" ] && [ -n "${SIPGATE_TOKEN:-}" ]; then
    : "${SIPGATE_SMS_ID:?set SIPGATE_SMS_ID (such as s0) to send through the real sipgate API}"
    : "${SIPGATE_RECIPIENTS:?set SIPGATE_RECIPIENTS (such as +4915799912345) to send through the real sipgate API}"
    echo "==> Using the real sipgate API at ${SIPGATE_API_URL:-https://api.sipgate.com/v2}"
    SANDBOX_URL=""
else
    echo "==> No SIPGATE_TOKEN_ID/SIPGATE_TOKEN set: starting the local sipgate API sandbox"
    # The same start-up the integration tests use: waits for the port, stops the sandbox when this script exits.
    export SANDBOX_TESTS_DIR="${REPO_ROOT}/tests"
    # shellcheck source=tests/integration/targets/setup_sipgate_sandbox/sandbox.sh
    . "${REPO_ROOT}/tests/integration/targets/setup_sipgate_sandbox/sandbox.sh"
    sandbox_start --idle-timeout 300
    trap 'sandbox_stop; rm -rf "${WORK}"' EXIT
    export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID="s0"
    SIPGATE_RECIPIENTS="${SIPGATE_RECIPIENTS:-+4915799912345}"
    echo "    sandbox listening on ${SIPGATE_API_URL}"
fi

# The modules run on the controller with the virtualenv's Python, which has requests.
playbook_args=(sipgate.io.notify_deployment -i "localhost," -c local -e "ansible_python_interpreter=${VENV}/bin/python"
               -e app_name=shop -e app_version=2.4.1
               -e "sipgate_recipients=${SIPGATE_RECIPIENTS}")

echo "==> Check mode: validates the input and the credentials, sends nothing"
ansible-playbook "${playbook_args[@]}" --check --diff

echo "==> For real"
ansible-playbook "${playbook_args[@]}"

if [ -n "${SANDBOX_URL:-}" ]; then
    echo "==> What the sandbox received (its outbox)"
    sandbox outbox
fi
echo "==> Demo finished"
