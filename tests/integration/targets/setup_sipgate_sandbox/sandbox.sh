#!/usr/bin/env bash
# Source this from an integration target's runme.sh (or scripts/demo.sh): starts the local sipgate API sandbox on
# 127.0.0.1 through its client (python -m sandbox, see tests/sandbox/README.md) and stops it when the script exits.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The collection's tests directory, which holds the sandbox package; ansible-test points ANSIBLE_COLLECTIONS_PATH at the
# tree that holds this collection.
SANDBOX_TESTS_DIR="${SANDBOX_TESTS_DIR:-${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/sipgate/io/tests}"
export SANDBOX_TESTS_DIR

# Under ansible-test (which passes no TMPDIR on), the temporary files of the target - the sandboxes' run directories,
# mktemp, the collection's lock directory and records - go to a directory inside the target's output directory, which
# ansible-test empties before each target: a run leaves nothing in the system's temporary directory and shares no lock or
# record with the user's own runs.
if [ -n "${OUTPUT_DIR:-}" ]; then
    TMPDIR="${OUTPUT_DIR}/tmp"
    export TMPDIR
    mkdir -p "${TMPDIR}"
fi

# Playbooks drive the sandbox with the test-only action sipgate_sandbox (see README.md next to this file).
SANDBOX_SETUP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ANSIBLE_ACTION_PLUGINS="${SANDBOX_SETUP_DIR}/action_plugins${ANSIBLE_ACTION_PLUGINS:+:${ANSIBLE_ACTION_PLUGINS}}"

# Run plays on the controller with the Python that ansible-test set up (it has requests installed).
# shellcheck disable=SC2034  # used by the runme.sh scripts that source this file
LOCAL_PLAY_ARGS=(-i "localhost," -c local -e "ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}")

# sandbox ARGS...: the sandbox client, such as `sandbox outbox`, `sandbox reset` or `sandbox expect 'len(outbox) == 1'`.
sandbox() {
    (cd "${SANDBOX_TESTS_DIR}" && python -m sandbox "$@")
}

# sandbox_start [--latency-ms N]: start a sandbox that stops by itself when idle; exports SANDBOX_URL, SANDBOX_API_URL,
# SANDBOX_TOKEN_ID and SANDBOX_TOKEN, and stops it when the script exits.
sandbox_start() {
    local assignments
    assignments="$(sandbox start "$@")" || { echo "the sipgate sandbox did not start" >&2; exit 1; }
    eval "${assignments}"
    trap sandbox_stop EXIT
}

# sandbox_start_another NAME: start one more sandbox (for runs in parallel with those on the first) and set the variable
# NAME to its root URL. It stops when the script exits, with the first one.
sandbox_start_another() {
    local assignments
    assignments="$(sandbox start)" || { echo "the sipgate sandbox did not start" >&2; exit 1; }
    SANDBOX_OTHER_PIDS="${SANDBOX_OTHER_PIDS:-} $(sed -n "s/^export SANDBOX_PID=//p" <<< "${assignments}")"
    printf -v "$1" '%s' "$(sed -n "s/^export SANDBOX_URL=//p" <<< "${assignments}")"
}

sandbox_stop() {
    local pid
    for pid in ${SANDBOX_OTHER_PIDS:-}; do
        kill "${pid}" 2>/dev/null || true
    done
    if [ -n "${SANDBOX_URL:-}" ]; then
        sandbox stop || true
    fi
}

# sandbox_control METHOD PATH [JSON]: one request to the control API (/_sandbox/PATH) with curl, without a Python
# process; prints the JSON answer and fails on an HTTP error.
sandbox_control() {
    if [ -n "${3:-}" ]; then
        curl -sSf --noproxy '*' -X "$1" -H 'Content-Type: application/json' --data "$3" "${SANDBOX_URL}/_sandbox$2"
    else
        curl -sSf --noproxy '*' -X "$1" "${SANDBOX_URL}/_sandbox$2"
    fi
}

# sandbox_save FILE [RC]: RC and what the sandbox holds, as JSON for a playbook to check: {"rc", "outbox", "requests",
# "codes"}, each list as the control API gives it ({"items": [...]}).
sandbox_save() {
    printf '{"rc": %s, "outbox": %s, "requests": %s, "codes": %s}\n' "${2:-null}" "$(sandbox_control GET /outbox)" \
        "$(sandbox_control GET /requests)" "$(sandbox_control GET /verification-codes)" > "$1"
}
