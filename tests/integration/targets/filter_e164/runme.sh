#!/usr/bin/env bash
# The filter sipgate.io.e164 in a playbook over two hosts, with an INI inventory, group_vars and a constructed inventory.
set -eu

output_dir="$(mktemp -d)"
trap 'rm -rf "${output_dir}"' EXIT

# What the INI inventory holds: a string on phone1's line, an integer that lost its + on phone3's.
ansible-inventory -i inventory/hosts.ini --host phone1 | grep -F '"oncall_phone": "+4915799912345"'
ansible-inventory -i inventory/hosts.ini --host phone3 | grep -F '"oncall_phone": 4915799912345'

ansible-playbook -i inventory/hosts.ini -i inventory/constructed.yml main.yml -e "output_dir=${output_dir}" \
    -e "ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}" "$@"
echo "the filter sipgate.io.e164 works in templates and inventories"
