#!/usr/bin/env bash
# Shared set-up for the demo, the tests and the benchmark: a virtualenv with the pinned controller, and the
# collection staged as ansible_collections/sipgate/io, where ansible-test and ansible-playbook expect it.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Outside the repository: inside a git work tree, ansible-test would list files with git and see none.
BUILD_DIR="${SIPGATE_BUILD_DIR:-${TMPDIR:-/tmp}/sipgate.io-$(printf '%s' "${REPO_ROOT}" | sha256sum | cut -c1-12)}"
PYTHON="${PYTHON:-python3}"

# ensure_venv DIR REQUIREMENTS_FILE [REQUIREMENTS_FILE ...] [-c CONSTRAINTS_FILE ...]: create DIR as a virtualenv and
# install the requirements (in one pip call, so one resolution honours every pin), once per content of the files.
ensure_venv() {
    local venv="$1" stamp arg
    local -a pip_args=() files=()
    shift
    while [ "$#" -gt 0 ]; do
        arg="$1"
        shift
        if [ "${arg}" = "-c" ]; then
            pip_args+=(-c "$1")
            files+=("$1")
            shift
        else
            pip_args+=(-r "${arg}")
            files+=("${arg}")
        fi
    done
    stamp="${venv}/.requirements-$(cat "${files[@]}" | sha256sum | cut -c1-16)"
    python_supported "${files[@]}" || return 1
    # A virtualenv of another Python (or of one since removed) keeps failing: it is made again with ${PYTHON}.
    if [ -e "${venv}" ] && [ "$(python_version "${venv}/bin/python")" != "$(python_version "${PYTHON}")" ]; then
        echo "==> ${venv} was made by another Python than ${PYTHON} ($(python_version "${PYTHON}")): making it again"
        rm -rf "${venv}"
    fi
    if [ ! -x "${venv}/bin/python" ]; then
        echo "==> Creating the virtualenv ${venv}"
        "${PYTHON}" -m venv "${venv}"
    fi
    if [ ! -e "${stamp}" ]; then
        echo "==> Installing $(printf '%s\n' "${files[@]}" | sed "s|^${REPO_ROOT}/||" | xargs) into ${venv}"
        "${venv}/bin/python" -m pip install --disable-pip-version-check "${pip_args[@]}" > "${venv}/pip-install.log" 2>&1 || {
            cat "${venv}/pip-install.log" >&2
            return 1
        }
        touch "${stamp}"
    fi
}

# python_version PYTHON: its version as X.Y, or nothing when it does not run.
python_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

# The oldest Python each ansible-core runs on as a controller (its Requires-Python); pip would only list versions.
declare -gA ANSIBLE_CORE_PYTHON=([2.16]=3.10 [2.17]=3.10 [2.18]=3.11 [2.19]=3.11 [2.20]=3.12 [2.21]=3.12)

# python_supported REQUIREMENTS_FILE...: fail, naming the Python to use, when ${PYTHON} is older than the ansible-core
# pinned in the files needs.
python_supported() {
    local core needed have
    core="$(sed -n 's/^ansible-core==\([0-9]*\.[0-9]*\).*/\1/p' "$@" | head -n 1)"
    [ -n "${core}" ] && [ -n "${ANSIBLE_CORE_PYTHON[${core}]:-}" ] || return 0
    needed="${ANSIBLE_CORE_PYTHON[${core}]}"
    have="$(python_version "${PYTHON}")"
    if [ -z "${have}" ] || [ "$(printf '%s\n%s\n' "${needed}" "${have}" | sort -V | head -n 1)" != "${needed}" ]; then
        echo "ansible-core ${core} needs Python ${needed} or later, but ${PYTHON} is ${have:+Python }${have:-not found}." \
            "Install a newer one and name it, such as: PYTHON=python${needed} make demo (or make test)" >&2
        return 1
    fi
}

# stage_collection [BUILD_DIR]: copy the working tree (tracked and new files, without ignored ones) to
# BUILD_DIR (default ${BUILD_DIR})/ansible_collections/sipgate/io and print that path.
stage_collection() {
    local target="${1:-${BUILD_DIR}}/ansible_collections/sipgate/io"
    rm -rf "${target}"
    mkdir -p "${target}"
    (cd "${REPO_ROOT}" && git ls-files -z --cached --others --exclude-standard \
        | tar --null --ignore-failed-read -cf - -T - 2>/dev/null) | tar -xf - -C "${target}"
    echo "${target}"
}
