# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The environment AWX gives a job from a credential of the sipgate credential type, rendered as AWX renders it.

Shared by the unit tests of the credential type and the ansible-runner integration tests.
"""
from __future__ import annotations

import os

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE_PATH = os.path.join(COLLECTION_ROOT, 'extensions', 'awx', 'sipgate_credential_type.yml')
# What AWX stores with the job (UnifiedJob.job_env) instead of a secret input.
MASKED = '**********'


def load_credential_type(path=CREDENTIAL_TYPE_PATH):
    with open(path, encoding='utf-8') as definition:
        return yaml.safe_load(definition)


def inject(credential_type, inputs, stored=False):
    """The environment of a job with a credential of these inputs (``stored``: the copy AWX keeps with the job).

    As in AWX, empty inputs stay out of the namespace and so render as empty strings, booleans default to false,
    and the stored copy has secrets masked.
    """
    fields = credential_type['inputs']['fields']
    secret = set(field['id'] for field in fields if field.get('secret'))
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = MASKED if stored and name in secret else value
    for field in fields:
        if field['type'] == 'boolean':
            namespace.setdefault(field['id'], False)
    environment = ImmutableSandboxedEnvironment()
    return dict((name, environment.from_string(template).render(**namespace))
                for name, template in credential_type['injectors']['env'].items())
