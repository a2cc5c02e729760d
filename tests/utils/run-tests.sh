#!/usr/bin/env bash
# Runs every test of the collection on the pinned ansible-core: sanity, units and integration.
# Usage: tests/utils/run-tests.sh [sanity|units|integration ...]   (default: all three)
# The requested steps run at the same time, each in its own staged copy of the collection (so tests/output does not
# collide): sanity, units, and the integration targets split into SIPGATE_TEST_LANES lanes (default 3), balanced by
# the measured durations below. Each lane writes a log; at the end every log is printed (in full when it failed) with a
# summary line per lane, and the exit status is non-zero if any lane failed.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${SIPGATE_TEST_VENV:-${REPO_ROOT}/.venv}"
REQUIREMENTS="${SIPGATE_TEST_REQUIREMENTS:-${REPO_ROOT}/tests/utils/requirements.txt}"
TEST_PYTHON_VERSION="$("${PYTHON}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
INTEGRATION_LANES="${SIPGATE_TEST_LANES:-3}"
STEPS=("$@")
[ "${#STEPS[@]}" -gt 0 ] || STEPS=(sanity units integration)
for step in "${STEPS[@]}"; do
    case "${step}" in
        sanity | units | integration) ;;
        *)
            echo "unknown step '${step}': use sanity, units or integration" >&2
            exit 2 ;;
    esac
done
case "${INTEGRATION_LANES}" in
    '' | *[!0-9]* | 0) echo "SIPGATE_TEST_LANES must be a positive number, not '${INTEGRATION_LANES}'" >&2; exit 2 ;;
esac

# Seconds each integration target took (make test on the 2-core machine); they only balance the lanes. A target not
# listed counts as DEFAULT_TARGET_SECONDS; every target ansible-test lists runs, listed here or not.
declare -A TARGET_SECONDS=(
    [readme_newcomer]=123 [playbooks]=78 [callback_sipgate_sms]=67 [readme_examples]=61 [sipgate_sms_evidence]=60
    [sipgate_sms]=56 [sipgate_sms_once_within]=43 [playbook_escalate]=39 [eda_sms_inbox]=28 [sipgate_sms_wait_for_reply]=27
    [execution_environment]=23 [playbooks_two_hosts]=19 [filter_e164]=15 [sipgate_sms_extensions_info]=15
    [sipgate_sms_extension]=12 [sipgate_sms_caller_id]=8 [runs_on_controller]=8 [sipgate_balance_info]=7
    [ansible_runner]=6 [sipgate_sms_history_info]=4
)
DEFAULT_TARGET_SECONDS=30

ensure_venv "${VENV}" "${REQUIREMENTS}"
echo "==> Controller virtualenv ready in ${SECONDS} s"
export PATH="${VENV}/bin:${PATH}"
# What ansible-test creates once per user (its SSH key pair, the pip bootstrap cache it would download from a host this
# machine may not reach, for the controller and every target Python of tests/config.yml), made once before the lanes
# start, so that no lane races another to create it on a first run.
"${VENV}/bin/python" "${REPO_ROOT}/tests/utils/prepare_home.py" "${TEST_PYTHON_VERSION}" 3.8 3.9 3.10 3.11 3.12 3.13
# SIPGATE_SANITY_ALL_PYTHONS=1 (the matrix): sanity on every target Python found on PATH, not only the controller's.
SANITY_PYTHON=(--python "${TEST_PYTHON_VERSION}")
[ -z "${SIPGATE_SANITY_ALL_PYTHONS:-}" ] || SANITY_PYTHON=()
echo "ansible-core $(python -c "import ansible.release as r; print(r.__version__)") (Python ${TEST_PYTHON_VERSION})"

LANES_DIR="${BUILD_DIR}/lanes"
rm -rf "${LANES_DIR}"
mkdir -p "${LANES_DIR}"
LANES=()

# start_lane NAME COMMAND...: stage a copy of the collection for NAME and run COMMAND in it in the background,
# output to ${LANES_DIR}/NAME.log, "RC SECONDS" to ${LANES_DIR}/NAME.status.
start_lane() {
    local name="$1" collection
    shift
    collection="$(stage_collection "${LANES_DIR}/${name}")"
    LANES+=("${name}")
    echo "==> Started ${name}: ${*}"
    (
        cd "${collection}"
        SECONDS=0
        rc=0
        echo "==> ${*}" > "${LANES_DIR}/${name}.log"
        "$@" >> "${LANES_DIR}/${name}.log" 2>&1 < /dev/null || rc=$?
        echo "${rc} ${SECONDS}" > "${LANES_DIR}/${name}.status"
    ) &
}

if [[ " ${STEPS[*]} " == *" units "* || " ${STEPS[*]} " == *" integration "* ]]; then
    # Units and integration run with --local from this virtualenv, so it also holds what ansible-test would install
    # into a fresh --venv on every run: its own requirements for units (with its constraints), and the collection's
    # tests/unit/requirements.txt and tests/integration/requirements.txt. One pip call keeps ansible-core at its pin.
    ANSIBLE_TEST_REQUIREMENTS="$("${VENV}/bin/python" -c \
        'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')"
    SECONDS_BEFORE="${SECONDS}"
    ensure_venv "${VENV}" "${REQUIREMENTS}" "${ANSIBLE_TEST_REQUIREMENTS}/units.txt" \
        "${REPO_ROOT}/tests/unit/requirements.txt" "${REPO_ROOT}/tests/integration/requirements.txt" \
        -c "${ANSIBLE_TEST_REQUIREMENTS}/constraints.txt" || { wait; exit 1; }
    echo "==> Requirements of units and integration ready in $((SECONDS - SECONDS_BEFORE)) s"
fi
# Sanity starts only once pip has finished with this virtualenv, which ansible-test itself runs from.
[[ " ${STEPS[*]} " != *" sanity "* ]] \
    || start_lane sanity ansible-test sanity --venv "${SANITY_PYTHON[@]}" --color no --exclude .ci/
[[ " ${STEPS[*]} " != *" units "* ]] \
    || start_lane units ansible-test units --local --python "${TEST_PYTHON_VERSION}" --color no
if [[ " ${STEPS[*]} " == *" integration "* ]]; then
    # Every target ansible-test would run, longest first, each to the lane with the least work so far.
    mapfile -t targets < <(cd "$(stage_collection "${LANES_DIR}/list")" \
        && ansible-test integration --local --python "${TEST_PYTHON_VERSION}" --list-targets 2> "${LANES_DIR}/list.log" \
        | while read -r target; do echo "${TARGET_SECONDS[${target}]:-${DEFAULT_TARGET_SECONDS}} ${target}"; done \
        | sort -rn | cut -d' ' -f2)
    [ "${#targets[@]}" -gt 0 ] || { cat "${LANES_DIR}/list.log" >&2; echo "ansible-test lists no integration targets" >&2; wait; exit 1; }
    declare -a lane_targets=() lane_load=()
    for ((lane = 0; lane < INTEGRATION_LANES; lane++)); do lane_targets[lane]=''; lane_load[lane]=0; done
    for target in "${targets[@]}"; do
        lightest=0
        for ((lane = 1; lane < INTEGRATION_LANES; lane++)); do
            [ "${lane_load[lane]}" -ge "${lane_load[lightest]}" ] || lightest="${lane}"
        done
        lane_targets[lightest]+=" ${target}"
        lane_load[lightest]=$((lane_load[lightest] + ${TARGET_SECONDS[${target}]:-${DEFAULT_TARGET_SECONDS}}))
    done
    for ((lane = 0; lane < INTEGRATION_LANES; lane++)); do
        [ -n "${lane_targets[lane]}" ] || continue
        # --continue-on-error: a failing target does not keep the lane's later targets from running.
        # shellcheck disable=SC2086  # the target names are words
        start_lane "integration-$((lane + 1))" ansible-test integration --local --python "${TEST_PYTHON_VERSION}" \
            --color no --continue-on-error ${lane_targets[lane]}
    done
fi
echo "==> Waiting for ${LANES[*]} (logs in ${LANES_DIR})"
wait

failed=()
for name in "${LANES[@]}"; do
    read -r rc seconds < "${LANES_DIR}/${name}.status" || { rc=1; seconds='?'; }
    if [ "${rc}" = 0 ]; then
        echo "==> ${name} passed in ${seconds} s: the end of its log and its warnings and errors"
        grep -E '^(WARNING|ERROR):' "${LANES_DIR}/${name}.log" || true
        tail -n 5 "${LANES_DIR}/${name}.log"
    else
        failed+=("${name}")
        echo "==> ${name} FAILED (rc ${rc}) in ${seconds} s: its full log"
        cat "${LANES_DIR}/${name}.log"
    fi
done
echo "==> Summary"
for name in "${LANES[@]}"; do
    read -r rc seconds < "${LANES_DIR}/${name}.status" || { rc=1; seconds='?'; }
    printf '%-15s %-6s %4s s' "${name}" "$([ "${rc}" = 0 ] && echo passed || echo FAILED)" "${seconds}"
    # Integration lanes: the seconds of each target, from ansible-test's results (to keep TARGET_SECONDS true).
    for data in "${LANES_DIR}/${name}"/ansible_collections/sipgate/io/tests/output/data/integration-*.json; do
        [ -e "${data}" ] || continue
        python -c 'import json, sys; print("  (%s)" % ", ".join("%s %d s" % (t, r["run_time_seconds"])
            for t, r in json.load(open(sys.argv[1]))["targets"].items()), end="")' "${data}" 2>/dev/null || true
    done
    echo
done
echo "==> Total ${SECONDS} s"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "==> Failed: ${failed[*]} (logs and staged copies kept in ${LANES_DIR})" >&2
    exit 1
fi
# Passed: the staged copies, their logs and whatever the tests wrote into them go; the temporary directory keeps nothing.
rm -rf "${LANES_DIR}"
rmdir "${BUILD_DIR}" 2> /dev/null || true
echo "==> All requested test steps passed: ${STEPS[*]}"
