#!/usr/bin/env bash
# Runs ansible-test sanity and units on every ansible-core the collection claims (meta/runtime.yml: >=2.18),
# each in its own virtualenv .venv-matrix/<ansible-core>, with a Python that ansible-core supports.
# Usage: tests/utils/test-matrix.sh [2.18 2.19 ...]     (default: every entry of MATRIX below)
#   MATRIX_STEPS="sanity units integration"   steps per version (default: sanity units)
#   MATRIX_JOBS=2                             how many versions run at the same time (default: 1)
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# ansible-core minor version -> Python version; the pins are in tests/utils/matrix/ansible-core-<version>.txt.
declare -A MATRIX=([2.18]=3.11 [2.19]=3.11 [2.20]=3.12 [2.21]=3.13)
ORDER=(2.18 2.19 2.20 2.21)
read -r -a STEPS <<< "${MATRIX_STEPS:-sanity units}"
JOBS="${MATRIX_JOBS:-1}"
MATRIX_DIR="${REPO_ROOT}/.venv-matrix"
LOG_DIR="${MATRIX_DIR}/logs"
BASE_BUILD_DIR="${BUILD_DIR}"
mkdir -p "${LOG_DIR}"

# find_python VERSION: print a python executable of that version (PATH first, then pyenv).
find_python() {
    local version="$1" candidate
    for candidate in "python${version}" "${PYENV_ROOT:-${HOME}/.pyenv}/versions/${version}"*/bin/python; do
        if command -v "${candidate}" > /dev/null 2>&1 \
            && [ "$("${candidate}" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "${version}" ]; then
            command -v "${candidate}"
            return 0
        fi
    done
    return 1
}

# run_one CORE: sanity/units for one ansible-core; output goes to ${LOG_DIR}/CORE.log.
run_one() {
    local core="$1" python
    python="$(find_python "${MATRIX[${core}]}")" || {
        echo "no Python ${MATRIX[${core}]} found for ansible-core ${core}"
        return 1
    }
    # Each version stages its own copy, so versions can run side by side.
    PYTHON="${python}" \
        SIPGATE_BUILD_DIR="${BASE_BUILD_DIR}/matrix-${core}" \
        SIPGATE_TEST_VENV="${MATRIX_DIR}/${core}" \
        SIPGATE_TEST_REQUIREMENTS="${REPO_ROOT}/tests/utils/matrix/ansible-core-${core}.txt" \
        bash "${REPO_ROOT}/tests/utils/run-tests.sh" "${STEPS[@]}"
}

CORES=("$@")
[ "${#CORES[@]}" -gt 0 ] || CORES=("${ORDER[@]}")
for core in "${CORES[@]}"; do
    [ -n "${MATRIX[${core}]:-}" ] || { echo "unknown ansible-core '${core}': use one of ${ORDER[*]}" >&2; exit 2; }
done

declare -A PIDS=() RESULT=()
for core in "${CORES[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "${JOBS}" ]; do
        sleep 2
    done
    echo "==> ansible-core ${core} with Python ${MATRIX[${core}]}: ${STEPS[*]} (log: ${LOG_DIR}/${core}.log)"
    run_one "${core}" > "${LOG_DIR}/${core}.log" 2>&1 &
    PIDS[${core}]=$!
done

failed=0
for core in "${CORES[@]}"; do
    if wait "${PIDS[${core}]}"; then
        RESULT[${core}]=passed
    else
        RESULT[${core}]=FAILED
        failed=1
        echo "---- ansible-core ${core}: errors and last lines of ${LOG_DIR}/${core}.log"
        grep -E '^(ERROR|FATAL): ' "${LOG_DIR}/${core}.log" | head -n 40
        tail -n 5 "${LOG_DIR}/${core}.log"
    fi
done

echo "==> Matrix results (${STEPS[*]}):"
for core in "${CORES[@]}"; do
    printf '    ansible-core %-5s %-13s Python %-5s %s\n' "${core}" \
        "$(grep -m1 -o '^ansible-core==.*' "${REPO_ROOT}/tests/utils/matrix/ansible-core-${core}.txt" | cut -d= -f3)" \
        "${MATRIX[${core}]}" "${RESULT[${core}]}"
done
exit "${failed}"
