#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that meta/runtime.yml's action groups and the modules' action_group attribute agree.

A module is in the action group sipgate.io.NAME of meta/runtime.yml exactly when its DOCUMENTATION (with the doc
fragments merged) lists sipgate.io.NAME in attributes.action_group.membership, and every group entry is a module
of this collection (or a redirect to one). Exit 1 with one line per problem.
"""
from __future__ import annotations

import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from option_tables import COLLECTION, find_collection_root, read_documentation  # noqa: E402  pylint: disable=wrong-import-position


def action_group_problems(root):
    with open(os.path.join(root, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        runtime = yaml.safe_load(handle) or {}
    groups = runtime.get('action_groups') or {}
    redirects = ((runtime.get('plugin_routing') or {}).get('modules') or {})
    module_dir = os.path.join(root, 'plugins', 'modules')
    modules = sorted(name[:-3] for name in os.listdir(module_dir) if name.endswith('.py') and name != '__init__.py')
    problems = []
    for group, members in groups.items():
        for member in members or []:
            if not isinstance(member, str):
                continue  # metadata entries such as extend_group
            name = member.split('.')[-1] if member.startswith(COLLECTION + '.') else member
            if name not in modules and name not in redirects:
                problems.append('meta/runtime.yml: action group %s lists %s, which is not a module of %s' % (group, member, COLLECTION))
    for module in modules:
        doc = read_documentation(root, os.path.join('plugins', 'modules', module + '.py'))
        attribute = (doc.get('attributes') or {}).get('action_group') or {}
        documented = set(attribute.get('membership') or [])
        for group, members in groups.items():
            fqcn_group = '%s.%s' % (COLLECTION, group)
            in_runtime = module in (members or []) or '%s.%s' % (COLLECTION, module) in (members or [])
            if in_runtime and fqcn_group not in documented:
                problems.append('%s: in action group %s of meta/runtime.yml, but its action_group attribute does not list it' % (module, fqcn_group))
            if fqcn_group in documented and not in_runtime:
                problems.append('%s: its action_group attribute lists %s, but meta/runtime.yml does not' % (module, fqcn_group))
        for group in documented:
            if group.startswith(COLLECTION + '.') and group.split('.')[-1] not in groups:
                problems.append('%s: action group %s is not defined in meta/runtime.yml' % (module, group))
        if documented and attribute.get('support') not in ('full', 'partial'):
            problems.append('%s: action_group attribute has support %r' % (module, attribute.get('support')))
    return problems


def main():
    problems = action_group_problems(find_collection_root(__file__))
    for problem in problems:
        print(problem)
    if not problems:
        print('meta/runtime.yml action groups agree with the modules\' action_group attribute')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
