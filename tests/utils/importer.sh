#!/usr/bin/env bash
# Builds the collection tarball and runs galaxy-importer on it (in .venv-importer), locally and offline, with
# tests/utils/importer/galaxy-importer.cfg. Fails when the tarball holds test output, caches or virtualenvs, or when
# the importer reports an error.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${REPO_ROOT}/.venv-importer"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements-importer.txt"
export PATH="${VENV}/bin:${PATH}"
OUT="${BUILD_DIR}/importer"
rm -rf "${OUT}"
mkdir -p "${OUT}/tmp" "${OUT}/ansible-tmp"

echo "==> ansible-galaxy collection build (from the repository, with galaxy.yml's build_ignore)"
ansible-galaxy collection build --force --output-path "${OUT}" "${REPO_ROOT}"
tarball="$(ls "${OUT}"/sipgate-io-*.tar.gz)"
tar -tzf "${tarball}" | sort > "${OUT}/files.txt"
echo "==> ${tarball}: $(wc -l < "${OUT}/files.txt") entries"
unwanted="$(grep -E '(^|/)(tests/output|\.venv[^/]*|__pycache__|\.cache|\.build|\.git|\.pytest_cache|\.mypy_cache|\.ansible|benchmarks/results)(/|$)|\.py[co]$|\.tar\.gz$' \
    "${OUT}/files.txt" || true)"
if [ -n "${unwanted}" ]; then
    echo "the tarball holds files it must not (add them to build_ignore in galaxy.yml):" >&2
    echo "${unwanted}" >&2
    exit 1
fi

echo "==> galaxy-importer"
export GALAXY_IMPORTER_CONFIG="${REPO_ROOT}/tests/utils/importer/galaxy-importer.cfg"
export GALAXY_IMPORTER_TMP_ROOT_DIR="${OUT}/tmp" GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="${OUT}/ansible-tmp"
python -m galaxy_importer.main "${tarball}" 2>&1 | tee "${OUT}/importer.log"
# The importer exits 0 even when it logs errors: fail on any ERROR line.
if grep -E '^(ERROR|CRITICAL)|: ERROR' "${OUT}/importer.log"; then
    echo "galaxy-importer reported errors (log: ${OUT}/importer.log)" >&2
    exit 1
fi
echo "==> galaxy-importer accepted ${tarball} (log: ${OUT}/importer.log)"
