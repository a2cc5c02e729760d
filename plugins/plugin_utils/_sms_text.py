# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own plugins.

"""The text of the callback's SMS: the built-in template or the user's, rendered in a Jinja2 sandbox, masked and cut.

Controller-only code.
"""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ansible_collections.sipgate.io.plugins.module_utils._gsm import message_info, truncate_to_segments
from ansible_collections.sipgate.io.plugins.module_utils._text import is_blank, one_line, redact, without_control_characters

# The same failures give the same text, whichever host failed first: the hosts are sorted, and the text holds no time
# and no id of the run, so that once_within can tell a repeated failure from a new one.
DEFAULT_TEMPLATE = (
    "Ansible {{ status }}{{ ' (check mode)' if check_mode else '' }}: {{ playbook }}."
    "{% if failed_hosts %} {{ failed_hosts | length }} host{{ '' if failed_hosts | length == 1 else 's' }} failed: "
    "{% for host in failed_hosts | sort %}"
    "{% set details = failures | selectattr('host', 'equalto', host) | map(attribute='summary') | select | join('; ') %}"
    "{{ host }}{{ ' (' ~ details ~ ')' if details else '' }}{{ ', ' if not loop.last else '.' }}"
    "{% endfor %}{% endif %}"
    "{% if unreachable_hosts %} {{ unreachable_hosts | length }} unreachable: {{ unreachable_hosts | sort | join(', ') }}.{% endif %}"
    " ok={{ counts.ok }} failed={{ counts.failed }} unreachable={{ counts.unreachable }}"
)


def _environment():
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)


def template_problem(template):
    """Why ``template`` cannot be used (a syntax error), or None."""
    if template is None:
        return None
    if is_blank(template):
        return 'message_template is empty'
    try:
        _environment().parse(template)
    except Exception as error:  # pylint: disable=broad-exception-caught
        return 'message_template is not a valid Jinja2 template: %s' % error_text(error)
    return None


def render_text(template, variables):
    """Render ``template`` in a Jinja2 sandbox; raises on any problem."""
    text = _environment().from_string(template).render(**variables)
    return text.strip()


def build_message(variables, template=None, max_segments=2, secrets=()):
    """The SMS text and a list of problems (to warn about).

    A template that fails to render, or renders to blank text, is replaced by the built-in one. Any secret that appears in the
    text is masked, and the text is cut to ``max_segments`` SMS parts.
    """
    problems = []
    text = None
    if template is not None:
        try:
            text = redact(without_control_characters(render_text(template, variables)), secrets)
        except Exception as error:  # pylint: disable=broad-exception-caught
            problems.append('message_template could not be rendered (%s); the built-in template is used instead.' % error_text(error))
        else:
            if is_blank(text):
                problems.append('message_template rendered to blank text; the built-in template is used instead.')
                text = None
    if text is None:
        text = render_default(variables, max_segments, secrets)
    return truncate_to_segments(text, max_segments), problems


def render_default(variables, max_segments, secrets=()):
    """The built-in text. When it does not fit, it leaves out the failure messages, then the task names, so that it still
    names as many hosts as possible."""
    text = ''
    for detail in ('msg', 'task', 'host'):
        text = redact(without_control_characters(render_text(DEFAULT_TEMPLATE, with_detail(variables, detail))), secrets)
        if message_info(text)['segments'] <= max_segments:
            break
    return text


def with_detail(variables, detail):
    """``variables`` whose failure summaries hold the task and message (``msg``), only the task, or nothing (``host``)."""
    if detail == 'msg':
        return variables
    variables = dict(variables)
    variables['failures'] = [dict(entry, summary=entry['task'] if detail == 'task' else '') for entry in variables['failures']]
    return variables


def error_text(error):
    """An exception as one short line for a warning: its type and message."""
    return '%s: %s' % (type(error).__name__, one_line(error, limit=200))
