# The two commands a newcomer needs; each sets up everything it uses (a virtualenv in .venv).
.PHONY: demo test sanity units integration

demo:  ## Send an SMS with a playbook (against the local sandbox unless SIPGATE_* credentials are set)
	bash scripts/demo.sh

test:  ## Run every test: ansible-test sanity, units and integration
	bash tests/utils/run-tests.sh

sanity units integration:
	bash tests/utils/run-tests.sh $@
