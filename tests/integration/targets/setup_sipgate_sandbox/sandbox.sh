#!/usr/bin/env bash
# Source this from an integration target's runme.sh: starts the local sipgate API sandbox on 127.0.0.1
# and stops it when the script exits, whatever happens.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# ansible-test points ANSIBLE_COLLECTIONS_PATH at the tree that holds this collection.
SANDBOX_SCRIPT="${SANDBOX_SCRIPT:-${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/sipgate/io/tests/sandbox/sipgate_sandbox.py}"

# The sandbox's built-in personal access token (see tests/sandbox/README.md).
export SANDBOX_TOKEN_ID="token-SANDBX"
export SANDBOX_TOKEN="0b6c3b8e-5a1f-4c3e-9a57-5ad1b0c0ffee"

# Run plays on the controller with the Python that ansible-test set up (it has requests installed).
# shellcheck disable=SC2034  # used by the runme.sh scripts that source this file
LOCAL_PLAY_ARGS=(-i "localhost," -c local -e "ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}")

sandbox_start() {
    local state_dir
    state_dir="$(mktemp -d)"
    SANDBOX_PORT_FILE="${state_dir}/port"
    # Stops by itself after 10 idle minutes, should the trap below never run.
    python "${SANDBOX_SCRIPT}" --port 0 --port-file "${SANDBOX_PORT_FILE}" --idle-timeout 600 "$@" \
        > "${state_dir}/sandbox.log" 2>&1 &
    SANDBOX_PID=$!
    trap sandbox_stop EXIT
    for _ in $(seq 1 100); do
        [ -s "${SANDBOX_PORT_FILE}" ] && break
        if ! kill -0 "${SANDBOX_PID}" 2>/dev/null; then
            cat "${state_dir}/sandbox.log" >&2
            echo "the sipgate sandbox did not start" >&2
            exit 1
        fi
        sleep 0.1
    done
    SANDBOX_PORT="$(cat "${SANDBOX_PORT_FILE}")"
    export SANDBOX_URL="http://127.0.0.1:${SANDBOX_PORT}"
    export SANDBOX_API_URL="${SANDBOX_URL}/v2"
}

sandbox_stop() {
    if [ -n "${SANDBOX_PID:-}" ] && kill -0 "${SANDBOX_PID}" 2>/dev/null; then
        kill "${SANDBOX_PID}"
        wait "${SANDBOX_PID}" 2>/dev/null || true
    fi
    SANDBOX_PID=""
}

# sandbox_control METHOD PATH [JSON]: call the sandbox control API (e.g. GET /_sandbox/outbox) and print the answer.
sandbox_control() {
    python - "${SANDBOX_URL}$2" "$1" "${3:-}" <<'PYTHON'
import sys
import urllib.request

url, method, body = sys.argv[1:4]
request = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                                 headers={'Content-Type': 'application/json'})
with urllib.request.urlopen(request) as answer:
    print(answer.read().decode())
PYTHON
}

# sandbox_outbox_check PYTHON_EXPRESSION: fail unless the expression holds for `outbox` (the list of accepted SMS).
sandbox_outbox_check() {
    sandbox_control GET /_sandbox/outbox | python -c '
import json, sys
outbox = json.load(sys.stdin)["items"]
if not eval(sys.argv[1], {"outbox": outbox}):
    sys.exit("sandbox outbox check failed: %s\noutbox: %s" % (sys.argv[1], json.dumps(outbox, indent=2, ensure_ascii=False)))
' "$1"
}
