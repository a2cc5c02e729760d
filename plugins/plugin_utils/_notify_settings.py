# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own plugins.

"""The settings of the notification callback, checked once when Ansible loads its options.

Controller-only code. Defaults come from the callback's DOCUMENTATION; this only checks what Ansible read.
"""

from __future__ import annotations

import configparser
import contextlib
import os

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.sipgate.io.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.sipgate.io.plugins.module_utils._options import CALLBACK_MAX_SEGMENTS, CONNECTION_OPTIONS, connection_problems, sms_id_problem
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_country_code, normalize_recipients
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank, sentence
from ansible_collections.sipgate.io.plugins.plugin_utils._sms_text import template_problem

ON_CHOICES = ('failure', 'unreachable', 'recap')
SECRET_OPTIONS = ('token', 'access_token')
# The boolean options, whose text is checked strictly: Ansible reads anything it does not know as false.
BOOLEAN_OPTIONS = ('validate_certs', 'send_in_check_mode')
INI_SECTION = 'callback_sipgate_sms'
ENVIRONMENT_PREFIX = 'SIPGATE_'


@contextlib.contextmanager
def blank_environment_unset(prefix=ENVIRONMENT_PREFIX):
    """Hide the ``prefix`` environment variables that are set to blank text while Ansible reads the options.

    An empty variable counts as unset, as in the modules: credential injectors (AWX, CI systems) set every variable
    they know, and Ansible would read an empty SIPGATE_VALIDATE_CERTS as false and an empty SIPGATE_API_URL as a URL.
    """
    hidden = dict((name, value) for name, value in os.environ.items() if name.startswith(prefix) and not value.strip())
    for name in hidden:
        del os.environ[name]
    try:
        yield sorted(hidden)
    finally:
        os.environ.update(hidden)


def option_text(origin, key, section=INI_SECTION):
    """The text an option was read from, given its origin: an environment variable or an ini file; else None."""
    origin = origin or ''
    if origin.startswith('env: '):
        return os.environ.get(origin[len('env: '):])
    if os.path.isfile(origin):
        parser = configparser.ConfigParser(inline_comment_prefixes=(';',), interpolation=None)
        parser.read(origin)
        return parser.get(section, key, fallback=None)
    return None


def boolean_problem(name, text):
    """Why the text of the boolean option ``name`` is not a boolean, or None (also when there is no text)."""
    if text is None:
        return None
    try:
        boolean(text, strict=True)
    except TypeError:
        return '%s is %r, which is not a boolean; use true or false (an empty environment variable means the default)' % (name, text)
    return None


def read_settings(option, text=None):
    """``(settings, problems, notices)`` from ``option`` (the plugin's get_option).

    ``text`` gives the text a boolean option was read from (None for a default or a direct value), so that a value
    such as ``perhaps`` disables the callback instead of turning the option off. ``problems`` keep the callback from
    working and disable it; ``notices`` are only warned about.
    """
    problems = []
    notices = []
    for name in BOOLEAN_OPTIONS:
        problem = boolean_problem(name, text(name) if text else None)
        if problem:
            problems.append(problem)
    if not HAS_REQUESTS:
        problems.append('the Python library requests is required; install it for the Python that runs ansible-playbook')
    client = dict((name, option(name)) for name in CONNECTION_OPTIONS)
    problems.extend(connection_problems(client))

    sms_id = (option('sms_id') or '').strip()
    if not sms_id:
        problems.append('sms_id is not set: set SIPGATE_SMS_ID, or sms_id in the [callback_sipgate_sms] section of ansible.cfg')
    elif sms_id_problem(sms_id):
        problems.append(sms_id_problem(sms_id))

    recipients, recipient_problems = _recipients(option('recipients'), option('default_country_code'))
    problems.extend(recipient_problems)

    on = [value.strip() for value in option('on') or [] if not is_blank(value)]
    if not on:
        problems.append('on is empty: set it to any of %s' % ', '.join(ON_CHOICES))
    unknown = [value for value in on if value not in ON_CHOICES]
    if unknown:
        problems.append('on has unknown value(s) %s; use any of %s' % (', '.join(unknown), ', '.join(ON_CHOICES)))

    max_segments = option('max_segments')
    if max_segments is None or not 1 <= max_segments <= CALLBACK_MAX_SEGMENTS:
        problems.append('max_segments must be between 1 and %d, not %s' % (CALLBACK_MAX_SEGMENTS, max_segments))

    template = option('message_template')
    problem = template_problem(template)
    if problem:
        # Not a reason to stay silent: the built-in template still gives a useful SMS.
        notices.append('%s The built-in template is used instead.' % sentence(problem))
        template = None

    settings = dict(client=client, sms_id=sms_id, recipients=recipients, on=frozenset(on), max_segments=max_segments,
                    template=template, send_in_check_mode=bool(option('send_in_check_mode')))
    return settings, problems, notices


def _recipients(values, country_code):
    values = [value for value in values or [] if not is_blank(value)]
    problems = [] if values else ['recipients is not set: set SIPGATE_RECIPIENTS (comma-separated), '
                                  'or recipients in the [callback_sipgate_sms] section of ansible.cfg']
    country_code = None if is_blank(country_code) else country_code.strip()
    try:
        if country_code is not None:
            normalize_country_code(country_code)
    except PhoneNumberError as error:
        # Told even without recipients, so that one warning names every problem.
        return [], [str(error)] + problems
    if problems:
        return [], problems
    normalized, problems = normalize_recipients(values, country_code)
    return [entry['recipient'] for entry in normalized], problems
