#!/usr/bin/env bash
# ansible-lint with the production profile (.ansible-lint) on the collection and its playbooks, in .venv-lint.
# Runs on the staged copy (ansible_collections/sipgate/io), so playbooks resolve sipgate.io.* and its action group.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${REPO_ROOT}/.venv-lint"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements-lint.txt"
COLLECTION="$(stage_collection)"
cd "${COLLECTION}"
echo "==> $("${VENV}/bin/ansible-lint" --nocolor --version 2>/dev/null | head -n 1) on ${COLLECTION}"
PATH="${VENV}/bin:${PATH}" ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}" "${VENV}/bin/ansible-lint" --nocolor --format pep8 "$@"
