#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render the README's option tables from the plugins' DOCUMENTATION, and keep them in sync.

    python tests/utils/option_tables.py --write    # rewrite the README between the OPTION TABLES markers
    python tests/utils/option_tables.py --check    # exit 1 with a diff when the README disagrees
    python tests/utils/option_tables.py --print    # print the tables
    --ansible-doc   also compare the options with `ansible-doc --json` (needs the collection installed or staged)

DOCUMENTATION is read from the plugin files with ast and yaml, and the collection's doc fragments are merged the way
ansible-core merges them, so no import of the plugins and no ansible-doc is needed. The unit test
tests/unit/test_readme_option_tables.py uses the same functions.
"""
from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import re
import subprocess
import sys

import yaml

BEGIN_MARKER = '<!-- BEGIN OPTION TABLES -->'
END_MARKER = '<!-- END OPTION TABLES -->'
COLLECTION = 'sipgate.io'

# The plugin types that get a table, in README order; every plugin of these types does.
PLUGIN_TYPES = (('module', 'plugins/modules'), ('filter', 'plugins/filter'), ('callback', 'plugins/callback'))

_MARKUP = (
    (re.compile(r'\bL\(([^)]+?),\s*([^)]+)\)'), r'[\1](\2)'),
    (re.compile(r'\bU\(([^)]+)\)'), r'\1'),
    (re.compile(r'\bI\(([^)]+)\)'), r'*\1*'),
    (re.compile(r'\bB\(([^)]+)\)'), r'**\1**'),
)
# O(), V(), RV(), E(), C(), M(), P(): code. Values may contain an escaped parenthesis "\)".
_CODE = re.compile(r'\b(?:O|V|RV|E|C|M|P)\(((?:[^)\\]|\\.)*)\)')
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z(`*"])')
_ENV_IN_TEXT = re.compile(r'\bE\(([A-Z][A-Z0-9_]*)\)')


def find_collection_root(start):
    """Walk up from START to the directory that holds galaxy.yml and README.md."""
    path = os.path.abspath(start)
    if os.path.isfile(path):
        path = os.path.dirname(path)
    while True:
        if os.path.isfile(os.path.join(path, 'galaxy.yml')) and os.path.isfile(os.path.join(path, 'README.md')):
            return path
        parent = os.path.dirname(path)
        if parent == path:
            raise RuntimeError('no galaxy.yml and README.md above %s' % start)
        path = parent


def _string_assignments(tree_body):
    """Map NAME -> string for the `NAME = '...'` assignments in an ast body."""
    values = {}
    for node in tree_body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = node.value.value
    return values


def _read_python(path):
    with open(path, 'rb') as handle:
        return ast.parse(handle.read(), filename=path)


def read_fragment(root, name):
    """The YAML of the doc fragment sipgate.io.NAME[.VARIABLE] of this collection."""
    parts = name.split('.')
    if parts[:2] != COLLECTION.split('.') or len(parts) not in (3, 4):
        raise ValueError('doc fragment %s is not one of this collection' % name)
    variable = parts[3].upper() if len(parts) == 4 else 'DOCUMENTATION'
    tree = _read_python(os.path.join(root, 'plugins', 'doc_fragments', parts[2] + '.py'))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == 'ModuleDocFragment':
            text = _string_assignments(node.body).get(variable)
            if text is not None:
                return yaml.safe_load(text) or {}
    raise ValueError('doc fragment %s not found' % name)


def _merge_fragment(target, source):
    # Same semantics as ansible.utils.plugin_docs.add_fragments/merge_fragment: the plugin's own entries win.
    for key, value in source.items():
        if key in target:
            if isinstance(target[key], dict):
                value.update(target[key])
            elif isinstance(target[key], list):
                value = sorted(frozenset(value + target[key]))
            else:
                raise ValueError('cannot extend %s with a doc fragment' % key)
        target[key] = value


def read_documentation(root, relative_path):
    """DOCUMENTATION of a plugin file, with the collection's doc fragments merged in."""
    doc = yaml.safe_load(_string_assignments(_read_python(os.path.join(root, relative_path)).body)['DOCUMENTATION'])
    fragments = doc.pop('extends_documentation_fragment', None) or []
    if isinstance(fragments, str):
        fragments = [fragments]
    for name in fragments:
        fragment = read_fragment(root, name)
        for key in ('notes', 'seealso'):
            if fragment.get(key):
                doc.setdefault(key, []).extend(fragment.pop(key))
            fragment.pop(key, None)
        for key in ('options', 'attributes'):
            if key in fragment:
                if key in doc:
                    _merge_fragment(doc[key], fragment.pop(key))
                else:
                    doc[key] = fragment.pop(key)
        _merge_fragment(doc, fragment)
    return doc


def markup_to_markdown(text):
    """Turn Ansible doc markup (O(), V(), C(), ...) into Markdown."""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)

    def code(match):
        value = match.group(1).replace('\\', '')
        # O(sipgate.io.sipgate_sms#module:sms_id) -> sms_id
        if '#' in value and ':' in value:
            value = value.split(':', 1)[1]
        return '`%s`' % value

    return _CODE.sub(code, text)


def _cell(text):
    return ' '.join(str(text).split()).replace('|', '\\|')


def _format_value(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, list):
        return ', '.join(_format_value(item) for item in value)
    return str(value)


def option_env(spec):
    """Environment variables of an option: its `env` entries, else those its description names."""
    names = [entry['name'] for entry in spec.get('env') or [] if entry.get('name')]
    if not names:
        description = spec.get('description') or []
        for line in description if isinstance(description, list) else [description]:
            if 'environment variable' in line and 'If not set' in line:
                names.extend(_ENV_IN_TEXT.findall(line))
    return names


def short_description(spec):
    description = spec.get('description') or ''
    first = description[0] if isinstance(description, list) else description
    text = ' '.join(markup_to_markdown(first).split())
    sentence = _SENTENCE_END.split(text, 1)[0]
    if spec.get('choices'):
        sentence += ' Choices: %s.' % ', '.join('`%s`' % _format_value(choice) for choice in spec['choices'])
    return sentence


def option_rows(options):
    """One (option, type, default, env, description) tuple per option, sorted by name."""
    rows = []
    for name in sorted(options or {}):
        spec = options[name] or {}
        label = '`%s`' % name
        notes = []
        if spec.get('required'):
            notes.append('required')
        if spec.get('aliases'):
            notes.append('aliases: %s' % ', '.join('`%s`' % alias for alias in spec['aliases']))
        if notes:
            label += ' (%s)' % '; '.join(notes)
        kind = spec.get('type', 'str')
        if spec.get('elements'):
            kind = '%s of %s' % (kind, spec['elements'])
        default = '`%s`' % _format_value(spec['default']) if spec.get('default') is not None else ''
        env = ', '.join('`%s`' % env_name for env_name in option_env(spec))
        rows.append((label, kind, default, env, short_description(spec)))
    return rows


def render_table(options):
    lines = ['| option | type | default | env var | description |', '| --- | --- | --- | --- | --- |']
    for row in option_rows(options):
        lines.append('| %s |' % ' | '.join(_cell(value) for value in row))
    return '\n'.join(lines)


def plugins(root):
    """(plugin type, file relative to the collection root, fully qualified name) of every module, filter and callback."""
    found = []
    for plugin_type, directory in PLUGIN_TYPES:
        for name in sorted(os.listdir(os.path.join(root, directory))):
            if name.endswith('.py') and not name.startswith('_'):
                found.append((plugin_type, '%s/%s' % (directory, name), '%s.%s' % (COLLECTION, name[:-3])))
    return found


def collect_docs(root):
    """(plugin type, fully qualified name, documentation) for every plugin."""
    return [(plugin_type, fqcn, read_documentation(root, path)) for plugin_type, path, fqcn in plugins(root)]


def render_tables(root):
    """The Markdown that belongs between the README markers."""
    sections = ['<!-- Generated by tests/utils/option_tables.py --write from the plugins\' DOCUMENTATION; do not edit. -->']
    for plugin_type, fqcn, doc in collect_docs(root):
        summary = _cell(markup_to_markdown(doc.get('short_description', '')))
        sections.append('### `%s` (%s)\n\n%s\n\n%s' % (fqcn, plugin_type, summary, render_table(doc.get('options'))))
    return '\n\n'.join(sections) + '\n'


def split_readme(text):
    """(before, between, after) around the markers; the markers stay in before and after."""
    start = text.find(BEGIN_MARKER)
    end = text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError('README.md must contain %s followed by %s' % (BEGIN_MARKER, END_MARKER))
    start += len(BEGIN_MARKER)
    return text[:start], text[start:end], text[end:]


def expected_readme(root):
    with open(os.path.join(root, 'README.md'), encoding='utf-8') as handle:
        current = handle.read()
    before, dummy, after = split_readme(current)
    return current, before + '\n' + render_tables(root) + after


def readme_diff(root):
    """A unified diff from the README to what it should be; empty when the tables agree."""
    current, expected = expected_readme(root)
    return ''.join(difflib.unified_diff(current.splitlines(True), expected.splitlines(True), 'README.md', 'README.md (expected)'))


def ansible_doc_mismatches(root, ansible_doc='ansible-doc'):
    """Compare the options read from the files with `ansible-doc --json` (type, default, required, choices)."""
    problems = []
    for plugin_type, fqcn, doc in collect_docs(root):
        output = subprocess.run([ansible_doc, '--json', '-t', plugin_type, fqcn], check=True, capture_output=True, text=True).stdout
        ansible_options = json.loads(output)[fqcn]['doc'].get('options') or {}
        own_options = doc.get('options') or {}
        if sorted(ansible_options) != sorted(own_options):
            problems.append('%s %s: options %s (files) != %s (ansible-doc)' % (plugin_type, fqcn, sorted(own_options), sorted(ansible_options)))
            continue
        for name, spec in own_options.items():
            for key in ('type', 'elements', 'default', 'required', 'choices', 'aliases', 'env'):
                if spec.get(key) != ansible_options[name].get(key) and not (key == 'type' and ansible_options[name].get(key) in (None, 'str')):
                    problems.append('%s %s: option %s: %s is %r in the file but %r in ansible-doc'
                                    % (plugin_type, fqcn, name, key, spec.get(key), ansible_options[name].get(key)))
            if option_rows({name: spec}) != option_rows({name: ansible_options[name]}):
                problems.append('%s %s: option %s renders differently from ansible-doc' % (plugin_type, fqcn, name))
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument('--write', action='store_true', help='rewrite the tables in README.md')
    mode.add_argument('--check', action='store_true', help='exit 1 with a diff when README.md disagrees')
    mode.add_argument('--print', action='store_true', help='print the tables')
    parser.add_argument('--ansible-doc', action='store_true', help='also compare the options with ansible-doc --json')
    args = parser.parse_args(argv)
    root = find_collection_root(__file__)
    status = 0
    if args.print:
        sys.stdout.write(render_tables(root))
    elif args.write:
        current, expected = expected_readme(root)
        if current != expected:
            with open(os.path.join(root, 'README.md'), 'w', encoding='utf-8') as handle:
                handle.write(expected)
            print('README.md: option tables updated')
        else:
            print('README.md: option tables already up to date')
    else:
        diff = readme_diff(root)
        if diff:
            sys.stdout.write(diff)
            print('README.md option tables disagree with DOCUMENTATION; run: python tests/utils/option_tables.py --write')
            status = 1
        else:
            print('README.md option tables agree with DOCUMENTATION')
    if args.ansible_doc:
        problems = ansible_doc_mismatches(root)
        for problem in problems:
            print(problem)
        if problems:
            status = 1
        else:
            print('the options agree with ansible-doc --json')
    return status


if __name__ == '__main__':
    sys.exit(main())
