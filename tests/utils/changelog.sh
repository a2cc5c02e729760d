#!/usr/bin/env bash
# Runs antsibull-changelog (in .venv-docs) on the staged collection and copies the result back.
# Usage: tests/utils/changelog.sh [generate | release --version X.Y.Z ...]   (default: generate)
# A release consumes changelogs/fragments/*.yml into changelogs/changelog.yaml.
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# shellcheck source=tests/utils/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV="${REPO_ROOT}/.venv-docs"
ensure_venv "${VENV}" "${REPO_ROOT}/tests/utils/requirements-docs.txt"
ARGS=("$@")
[ "${#ARGS[@]}" -gt 0 ] || ARGS=(generate)
# antsibull-changelog finds new plugins with ansible-doc, which needs the collection under ansible_collections/.
COLLECTION="$(stage_collection)"
(cd "${COLLECTION}" && PATH="${VENV}/bin:${PATH}" ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}" antsibull-changelog "${ARGS[@]}")
cp "${COLLECTION}/changelogs/changelog.yaml" "${REPO_ROOT}/changelogs/changelog.yaml"
cp "${COLLECTION}/CHANGELOG.md" "${REPO_ROOT}/CHANGELOG.md"
# Remove the fragments the release consumed.
for fragment in "${REPO_ROOT}"/changelogs/fragments/*; do
    [ -e "${fragment}" ] || continue
    [ -e "${COLLECTION}/changelogs/fragments/$(basename "${fragment}")" ] || rm -v "${fragment}"
done
echo "==> CHANGELOG.md and changelogs/changelog.yaml updated"
