#!/usr/bin/env bash
# Checks extensions/ee/execution-environment.yml with ansible-builder: builds the tarball of the collection under test,
# writes the build context with `ansible-builder create` (no container engine needed), checks what it holds, and runs
# the two image build steps that need no container as the Containerfile runs them: the galaxy install from the
# context's requirements.yml and the introspection that collects the Python requirements. Then `make ee`, which builds
# the tarball first and fails when the context lacks it (ansible-builder alone only warns).
set -eu

collection="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/sipgate/io"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

version="$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "${collection}/galaxy.yml")"
tarball="sipgate-io-${version}.tar.gz"

echo "== ansible-galaxy collection build, next to a copy of the execution environment definition"
cp -R "${collection}/extensions/ee" "${work}/ee"
ansible-galaxy collection build --output-path "${work}/ee" "${collection}"
[ -f "${work}/ee/${tarball}" ]

echo "== ansible-builder create"
python -m ansible_builder --version
python -m ansible_builder create -f "${work}/ee/execution-environment.yml" -c "${work}/context" --output-filename Containerfile -v 1
build="${work}/context/_build"

echo "== the context holds the tarball and a galaxy requirements file that names it"
cmp "${work}/ee/${tarball}" "${build}/collections/${tarball}"
python - "${build}/requirements.yml" "collections/${tarball}" <<'PYTHON'
import sys
import yaml

with open(sys.argv[1]) as handle:
    requirements = yaml.safe_load(handle)
entries = [entry for entry in requirements['collections'] if entry.get('type') == 'file']
assert [entry['name'] for entry in entries] == [sys.argv[2]], requirements
PYTHON

echo "== requests is among the Python requirements of the context"
grep -E '^requests([<>=!~ ;]|$)' "${build}/requirements.txt"

echo "== the Containerfile installs the collection and the Python requirements"
containerfile="${work}/context/Containerfile"
grep -Fx 'ARG EE_BASE_IMAGE="quay.io/ansible/awx-ee:latest"' "${containerfile}"
grep -Fx 'COPY _build /build' "${containerfile}"
grep -E '^RUN .*ansible-galaxy collection install .*-r requirements\.yml' "${containerfile}"
grep -Fx 'COPY _build/requirements.txt requirements.txt' "${containerfile}"
grep -E '^RUN .*introspect\.py introspect --user-pip=requirements\.txt .*--write-pip=' "${containerfile}"
grep -Fx 'RUN /output/scripts/assemble' "${containerfile}"

echo "== galaxy step: ansible-galaxy collection install -r requirements.yml in the context's _build directory"
# Only the target path: the collection under test, installed where ansible-test runs, must not count as installed.
(cd "${build}" && ANSIBLE_COLLECTIONS_PATH="${work}/collections" \
    ansible-galaxy collection install -r requirements.yml --collections-path "${work}/collections")
python - "${work}/collections/ansible_collections/sipgate/io" "${version}" <<'PYTHON'
import json
import os
import sys

installed, version = sys.argv[1:3]
with open(os.path.join(installed, 'MANIFEST.json')) as handle:
    info = json.load(handle)['collection_info']
assert (info['namespace'], info['name'], info['version']) == ('sipgate', 'io', version), info
for path in ('plugins/modules/sipgate_sms.py', 'plugins/callback/sipgate_sms.py', 'meta/execution-environment.yml', 'requirements.txt'):
    assert os.path.isfile(os.path.join(installed, path)), path
PYTHON

echo "== introspection: the Python requirements the image gets, from the collection and from the definition"
python "${build}/scripts/introspect.py" introspect "${work}/collections" --user-pip="${build}/requirements.txt" \
    --write-pip="${work}/pip.txt" --write-bindep="${work}/bindep.txt"
cat "${work}/pip.txt"
grep -qE '^requests.*# .*sipgate\.io' "${work}/pip.txt"
grep -qE '^requests.*# .*user' "${work}/pip.txt"
echo "== ansible-builder create before the tarball is built: only a warning, and a context without it"
python -m ansible_builder create -f "${collection}/extensions/ee/execution-environment.yml" -c "${work}/bare" \
    --output-filename Containerfile -v 1 > "${work}/bare.log" 2>&1
grep -F "No matches for '${tarball}' in additional_build_files" "${work}/bare.log"
[ ! -e "${work}/bare/_build/collections/${tarball}" ]

echo "== make ee, in a copy of the collection with no tarball: the tarball, then a context that holds it"
copy="${work}/copy"
mkdir "${copy}"
tar -C "${collection}" --exclude=./tests --exclude='*.tar.gz' -cf - . | tar -C "${copy}" -xf -
make -C "${copy}" ee ANSIBLE_BUILDER="python -m ansible_builder"
cmp "${copy}/extensions/ee/${tarball}" "${copy}/context/_build/collections/${tarball}"
cmp "${build}/requirements.yml" "${copy}/context/_build/requirements.yml"
# The README's `podman build -f context/Containerfile`: the file is there, whichever container engine is installed.
[ -f "${copy}/context/Containerfile" ] && [ ! -e "${copy}/context/Dockerfile" ]

echo "== make ee fails when the definition names a tarball the build does not write"
sed -i "s/src: ${tarball}/src: sipgate-io-0.0.1.tar.gz/" "${copy}/extensions/ee/execution-environment.yml"
rm -rf "${copy}/context"
if make -C "${copy}" ee ANSIBLE_BUILDER="python -m ansible_builder" > "${work}/wrong.log" 2>&1; then
    cat "${work}/wrong.log"
    echo "make ee wrote a context without the tarball and said nothing" >&2
    exit 1
fi
grep -F "context/ lacks ${tarball}" "${work}/wrong.log"
echo "the execution environment definition builds a context with the collection and requests"
