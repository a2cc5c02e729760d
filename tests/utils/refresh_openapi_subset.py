#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the part of the sipgate OpenAPI specification that the unit tests check against.

Usage: python tests/utils/refresh_openapi_subset.py FULL_SPEC.yaml [--output PATH]
(default output: tests/spec/sipgate-openapi-sms.yaml of the repository that holds this script)

The subset keeps `openapi`, `info`, `servers`, the SMS operations in OPERATIONS with their path items, every schema
they reference (transitively), the schemas in EXTRA_SCHEMAS, and the security schemes with all their scopes. It is cut
out of the source text block by block, so everything kept reads exactly as in the source; the result is then parsed
and compared with the same selection made on the parsed source, so a layout this script does not understand is an
error, never a silently different subset. Running it on its own output reproduces that output byte for byte.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

import yaml

# (operationId, method, path) of every SMS operation of the API, and the account's balance and history (reading it, and
# marking a received SMS read): what the modules call and what they may call next.
OPERATIONS = (
    ('sendWebSms', 'post', '/sessions/sms'),
    ('getSmsExtensions', 'get', '/{userId}/sms'),
    ('setSmsAlias', 'put', '/{userId}/sms/{smsId}'),
    ('getSmsCallerIds', 'get', '/{userId}/sms/{smsId}/callerids'),
    ('addCallerId', 'post', '/{userId}/sms/{smsId}/callerids'),
    ('editCallerId', 'put', '/{userId}/sms/{smsId}/callerids/{callerId}'),
    ('deleteSmsCallerId', 'delete', '/{userId}/sms/{smsId}/callerids/{callerId}'),
    ('verifyCallerId', 'post', '/{userId}/sms/{smsId}/callerids/{callerId}/verification'),
    ('userinfo', 'get', '/authorization/userinfo'),
    ('getBalance', 'get', '/balance'),
    ('getHistory', 'get', '/history'),
    ('getHistoryById', 'get', '/history/{entryId}'),
    ('updateHistoryEntry', 'put', '/history/{entryId}'),
)
# The unit tests check recorded error answers against ErrorResponse, which none of the operations above names.
EXTRA_SCHEMAS = ('ErrorResponse',)
TOP_LEVEL_KEYS = ('openapi', 'info', 'servers', 'paths', 'components')
COMPONENT_KEYS = ('schemas', 'securitySchemes')
HTTP_METHODS = frozenset(('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'))
SCHEMA_REF_PREFIX = '#/components/schemas/'
DEFAULT_OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'spec', 'sipgate-openapi-sms.yaml')

# A block mapping key at the start of a line: plain (up to the first ': ' or a final ':'), or single- or double-quoted.
_KEY_LINE = re.compile(r'''^( *)([^ '"#-].*?|'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"):(?: |$)''')
_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class SubsetError(Exception):
    """The source is not a specification this script can cut the subset from."""


def parse(text):
    return yaml.load(text, Loader=_Loader)  # nosec B506: a safe loader


def schema_refs(node):
    """Every `$ref` value anywhere below node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == '$ref':
                yield value
            else:
                yield from schema_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from schema_refs(item)


def select(spec):
    """The subset as data, every mapping in the source's order."""
    if not isinstance(spec, dict) or not isinstance(spec.get('paths'), dict) or not isinstance(spec.get('components'), dict):
        raise SubsetError('not an OpenAPI document with paths and components')
    missing = [key for key in TOP_LEVEL_KEYS if key not in spec] + [key for key in COMPONENT_KEYS if key not in spec['components']]
    if missing:
        raise SubsetError('the specification has no %s' % ', '.join(missing))
    wanted = set()
    for operation_id, method, path in OPERATIONS:
        found = (spec['paths'].get(path) or {}).get(method)
        if not isinstance(found, dict) or found.get('operationId') != operation_id:
            raise SubsetError('%s %s is not the operation %s in the specification' % (method.upper(), path, operation_id))
        wanted.add((path, method))
    paths = {}
    for path, item in spec['paths'].items():
        if any((path, method) in wanted for method in item):
            paths[path] = dict((key, value) for key, value in item.items() if key not in HTTP_METHODS or (path, key) in wanted)

    schemas = spec['components']['schemas']
    pending = [SCHEMA_REF_PREFIX + name for name in EXTRA_SCHEMAS] + list(schema_refs(paths))
    names = set()
    while pending:
        ref = pending.pop()
        if not ref.startswith(SCHEMA_REF_PREFIX) or ref[len(SCHEMA_REF_PREFIX):] not in schemas:
            raise SubsetError('cannot resolve $ref %r inside the specification' % ref)
        name = ref[len(SCHEMA_REF_PREFIX):]
        if name not in names:
            names.add(name)
            pending.extend(schema_refs(schemas[name]))

    subset = {}
    for key in spec:
        if key == 'paths':
            subset[key] = paths
        elif key == 'components':
            subset[key] = dict((section, value) for section, value in spec[key].items() if section in COMPONENT_KEYS)
            subset[key]['schemas'] = dict((name, schema) for name, schema in schemas.items() if name in names)
        elif key in TOP_LEVEL_KEYS:
            subset[key] = spec[key]
    return subset


def _blocks(lines, start, end, indent):
    """(key, first line, end line) of each mapping entry at indent within lines[start:end]."""
    entries = []
    for number in range(start, end):
        line = lines[number].rstrip('\r\n')
        depth = len(line) - len(line.lstrip(' '))
        if not line.strip() or depth > indent or (depth == indent and line[indent:].startswith('- ')):
            continue  # a line of the current entry: block sequences sit at the indent of their key
        if entries:
            entries[-1][2] = number
        match = _KEY_LINE.match(line)
        # Anything but a key at this indent ends the entry before it and is not an entry itself.
        entries.append([list(parse(match.group(2) + ': 0'))[0] if match and depth == indent else None, number, end])
    return [tuple(entry) for entry in entries if entry[0] is not None]


def _cut(lines, start, end, indent, source, wanted):
    kept = []
    for key, first, last in _blocks(lines, start, end, indent):
        if key not in wanted:
            continue
        if source[key] == wanted[key]:
            kept.extend(lines[first:last])
        else:
            kept.append(lines[first])
            kept.extend(_cut(lines, first + 1, last, indent + 2, source[key], wanted[key]))
    return kept


def subset_text(text):
    """The subset of a specification's YAML text, cut out of that text."""
    source = parse(text)
    wanted = select(source)
    lines = text.splitlines(True)
    result = ''.join(_cut(lines, 0, len(lines), 0, source, wanted))
    if parse(result) != wanted:
        raise SubsetError('the YAML layout of the specification is not one this script can cut blocks from')
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description='Write the SMS subset of the sipgate OpenAPI specification.')
    parser.add_argument('full_spec', metavar='FULL_SPEC.yaml', help='the complete sipgate REST API v2 specification')
    parser.add_argument('--output', default=DEFAULT_OUTPUT, help='where to write the subset (default: %(default)s)')
    args = parser.parse_args(argv)
    with open(args.full_spec, encoding='utf-8', newline='') as handle:
        text = handle.read()
    try:
        subset = subset_text(text)
    except SubsetError as error:
        parser.exit(1, '%s: %s\n' % (args.full_spec, error))
    with open(args.output, 'w', encoding='utf-8', newline='') as handle:
        handle.write(subset)
    print('%s: %d of %d lines, %d operations, %d schemas' % (
        args.output, subset.count('\n'), text.count('\n'), len(OPERATIONS), len(parse(subset)['components']['schemas'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
