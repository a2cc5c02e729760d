# The two commands a newcomer needs; each sets up everything it uses (a virtualenv in .venv).
.PHONY: demo test sanity units integration lint docs-lint importer test-matrix changelog release-check

demo:  ## Send an SMS with a playbook (against the local sandbox unless SIPGATE_* credentials are set)
	bash scripts/demo.sh

test:  ## Run every test: ansible-test sanity, units and integration
	bash tests/utils/run-tests.sh

sanity units integration:
	bash tests/utils/run-tests.sh $@

# Release checks (need a package index; not part of `make test`). Each uses its own virtualenv .venv-<name>.
lint:  ## ansible-lint, production profile, on the collection and its playbooks (.venv-lint)
	bash tests/utils/lint.sh

docs-lint:  ## antsibull-docs and antsibull-changelog lint, README option tables, action groups (.venv-docs)
	bash tests/utils/docs-lint.sh

importer:  ## Build the tarball, check its file list and run galaxy-importer on it (.venv-importer)
	bash tests/utils/importer.sh

test-matrix:  ## ansible-test sanity and units on every supported ansible-core (.venv-matrix/<version>)
	bash tests/utils/test-matrix.sh

changelog:  ## Regenerate CHANGELOG.md from changelogs/ (release: antsibull-changelog release --version X.Y.Z)
	bash tests/utils/changelog.sh

release-check: lint docs-lint importer test-matrix  ## Everything Galaxy and the community check before a release
	@echo "==> release-check passed"
