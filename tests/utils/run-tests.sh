#!/usr/bin/env bash
# Runs every test of the collection on the pinned ansible-core: sanity, units and integration.
# Usage: tests/utils/run-tests.sh [sanity|units|integration ...]   (default: all three)
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${SIPGATE_TEST_VENV:-${REPO_ROOT}/.venv}"
REQUIREMENTS="${SIPGATE_TEST_REQUIREMENTS:-${REPO_ROOT}/tests/utils/requirements.txt}"
TEST_PYTHON_VERSION="$("${PYTHON}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
STEPS=("$@")
[ "${#STEPS[@]}" -gt 0 ] || STEPS=(sanity units integration)

ensure_venv "${VENV}" "${REQUIREMENTS}"
export PATH="${VENV}/bin:${PATH}"
# ansible-test fetches a pip bootstrap script from a host that this machine may not reach; seed it for the
# controller and for every target Python of the modules (tests/config.yml), which sanity may use.
"${VENV}/bin/python" "${REPO_ROOT}/tests/utils/seed_get_pip.py" "${TEST_PYTHON_VERSION}" 3.8 3.9 3.10 3.11 3.12 3.13 > /dev/null
# SIPGATE_SANITY_ALL_PYTHONS=1 (the matrix): sanity on every target Python found on PATH, not only the controller's.
SANITY_PYTHON=(--python "${TEST_PYTHON_VERSION}")
[ -z "${SIPGATE_SANITY_ALL_PYTHONS:-}" ] || SANITY_PYTHON=()

COLLECTION="$(stage_collection)"
cd "${COLLECTION}"
echo "ansible-core $(python -c "import ansible.release as r; print(r.__version__)")"

for step in "${STEPS[@]}"; do
    echo "==> ansible-test ${step} (Python ${TEST_PYTHON_VERSION})"
    SECONDS=0
    case "${step}" in
        sanity)
            ansible-test sanity --venv "${SANITY_PYTHON[@]}" --color no --exclude .ci/ ;;
        units)
            ansible-test units --venv --python "${TEST_PYTHON_VERSION}" --color no ;;
        integration)
            ansible-test integration --venv --python "${TEST_PYTHON_VERSION}" --color no ;;
        *)
            echo "unknown step '${step}': use sanity, units or integration" >&2
            exit 2 ;;
    esac
    echo "==> ansible-test ${step} passed in ${SECONDS} s"
done
echo "==> All requested test steps passed: ${STEPS[*]}"
