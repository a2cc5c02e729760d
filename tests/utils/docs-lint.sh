#!/usr/bin/env bash
# Documentation checks in .venv-docs: antsibull-docs lint-collection-docs --plugin-docs, the changelog linter,
# the README option tables against DOCUMENTATION and ansible-doc, and the action groups against meta/runtime.yml.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${REPO_ROOT}/.venv-docs"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements-docs.txt"
export PATH="${VENV}/bin:${PATH}"
COLLECTION="$(stage_collection)"
cd "${COLLECTION}"
export ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}"

echo "==> antsibull-docs lint-collection-docs --plugin-docs"
antsibull-docs lint-collection-docs --plugin-docs .
echo "==> antsibull-changelog lint"
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
echo "==> README option tables"
python tests/utils/option_tables.py --check --ansible-doc
echo "==> action groups"
python tests/utils/check_action_groups.py
echo "==> Documentation checks passed"
