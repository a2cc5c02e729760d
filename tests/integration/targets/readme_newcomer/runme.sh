#!/usr/bin/env bash
# Walks README.md as a newcomer does (newcomer.py): installs as its Install section says, in an empty virtualenv and
# twice (a re-run must work too), with pip offline; checks the INI inventory it shows; runs the ready-to-run commands
# against the local sipgate API sandbox, which must print no warning.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

work="$(mktemp -d)"
trap 'rm -rf "${work}"; sandbox_stop' EXIT

python newcomer.py "${SANDBOX_TESTS_DIR}/.." "${work}"
