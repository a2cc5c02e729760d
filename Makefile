# The two commands a newcomer needs; each sets up everything it uses (a virtualenv in .venv).
.PHONY: demo test sanity units integration nox lint docs-check license-check extra-checks build-import-check \
	ansible-lint actionlint test-matrix changelog release-check ee

demo:  ## Send an SMS with a playbook (against the local sandbox unless SIPGATE_* credentials are set)
	bash scripts/demo.sh

test:  ## Run every test: ansible-test sanity, units and integration, at the same time (tests/utils/run-tests.sh)
	bash tests/utils/run-tests.sh

sanity units integration:
	bash tests/utils/run-tests.sh $@

# The execution environment (extensions/ee/): ansible-builder only warns when the tarball its definition names is
# missing, so this builds the tarball first and fails when the context lacks it. EE_CONTEXT, ANSIBLE_BUILDER to change.
# The build file is always context/Containerfile: ansible-builder would name it Dockerfile where podman is missing.
EE_TARBALL = sipgate-io-$(shell sed -n 's/^version: *//p' galaxy.yml).tar.gz
EE_CONTEXT ?= context
ANSIBLE_BUILDER ?= ansible-builder

ee:  ## The execution environment's build context: the collection tarball, then ansible-builder create
	ansible-galaxy collection build --force --output-path extensions/ee/
	$(ANSIBLE_BUILDER) create -f extensions/ee/execution-environment.yml -c $(EE_CONTEXT) --output-filename Containerfile
	@test -f $(EE_CONTEXT)/_build/collections/$(EE_TARBALL) || \
		{ echo "$(EE_CONTEXT)/ lacks $(EE_TARBALL): extensions/ee/ names another tarball than galaxy.yml's version" >&2; exit 1; }

# Release checks (need a package index; not part of `make test`): sessions of nox (noxfile.py, antsibull-nox.toml),
# which runs from .venv-nox and gives each session its own virtualenv under .nox/. `make nox ARGS=-l` lists them.
NOX_VENV := .venv-nox
NOX := $(NOX_VENV)/bin/nox

$(NOX): release/requirements.txt
	python3 -m venv $(NOX_VENV)
	$(NOX_VENV)/bin/python -m pip install --disable-pip-version-check -q -r release/requirements.txt
	touch $@

nox: $(NOX)  ## Any nox call: make nox ARGS="-e lint"
	$(NOX) $(ARGS)

lint docs-check license-check extra-checks build-import-check ansible-lint actionlint: $(NOX)  ## One nox session each
	$(NOX) -e $@

test-matrix: $(NOX)  ## ansible-test sanity, units and integration on ansible-core 2.16 to 2.21, one after another
	$(NOX) -t matrix

changelog: $(NOX)  ## Regenerate CHANGELOG.md from changelogs/ (release: make nox ARGS="-e changelog -- release --version X.Y.Z")
	$(NOX) -e changelog

release-check: $(NOX)  ## Every check Galaxy and the community make before a release: the default sessions, then the matrix
	$(NOX)
	$(NOX) -t matrix
