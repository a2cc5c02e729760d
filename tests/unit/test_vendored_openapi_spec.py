# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The vendored SMS part of the sipgate OpenAPI spec is complete, self-contained, and what its refresh script writes."""

from __future__ import annotations

import importlib.util
import os

import pytest
import yaml

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC_DIR = os.path.join(COLLECTION_ROOT, 'tests', 'spec')
SPEC_PATH = os.path.join(SPEC_DIR, 'sipgate-openapi-sms.yaml')
if not os.path.exists(SPEC_PATH):  # the Galaxy tarball leaves tests/spec/ out (tests/spec/README.md, Terms)
    pytest.skip('no vendored sipgate OpenAPI spec in tests/spec/', allow_module_level=True)

# tests/utils is not a package: load the script by path, so that the test uses its very selection and cutting.
_REFRESH_SPEC = importlib.util.spec_from_file_location(
    'sipgate_io_refresh_openapi_subset', os.path.join(COLLECTION_ROOT, 'tests', 'utils', 'refresh_openapi_subset.py'))
_REFRESH_MODULE = importlib.util.module_from_spec(_REFRESH_SPEC)
_REFRESH_SPEC.loader.exec_module(_REFRESH_MODULE)
REFRESH = vars(_REFRESH_MODULE)

with open(SPEC_PATH, encoding='utf-8', newline='') as spec_file:
    SPEC_TEXT = spec_file.read()
SPEC = yaml.safe_load(SPEC_TEXT)


def all_refs(node, path='#'):
    """(where, $ref) of every reference in node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == '$ref':
                yield path, value
            else:
                yield from all_refs(value, '%s/%s' % (path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from all_refs(item, '%s/%d' % (path, index))


def resolve(spec, ref):
    assert ref.startswith('#/'), 'not a reference inside the file: %s' % ref
    node = spec
    for part in ref[2:].split('/'):
        part = part.replace('~1', '/').replace('~0', '~')
        assert isinstance(node, dict) and part in node, '%s does not resolve inside the file' % ref
        node = node[part]
    return node


def test_the_sms_operations_are_there_and_nothing_else():
    expected = set((path, method, operation_id) for operation_id, method, path in REFRESH['OPERATIONS'])
    assert len(expected) == 13
    found = set()
    for path, item in SPEC['paths'].items():
        for method, operation in item.items():
            if method in REFRESH['HTTP_METHODS']:
                found.add((path, method, operation['operationId']))
    assert found == expected
    assert ('/sessions/sms', 'post', 'sendWebSms') in found and ('/authorization/userinfo', 'get', 'userinfo') in found
    assert ('/balance', 'get', 'getBalance') in found and ('/history', 'get', 'getHistory') in found
    assert ('/history/{entryId}', 'put', 'updateHistoryEntry') in found and ('/history/{entryId}', 'get', 'getHistoryById') in found


def test_document_header_and_source_version():
    assert SPEC['openapi'] == '3.0.1'
    assert SPEC['info']['title'] == 'sipgate API'
    assert [server['url'] for server in SPEC['servers']] == ['https://api.sipgate.com/v2']
    with open(os.path.join(SPEC_DIR, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    assert '`info.version`: %s.' % SPEC['info']['version'] in readme


def test_every_ref_resolves_inside_the_file():
    refs = list(all_refs(SPEC))
    assert len(refs) >= 10
    for where, ref in refs:
        assert isinstance(resolve(SPEC, ref), dict), where


def test_every_schema_kept_is_used():
    used = set(ref.rsplit('/', 1)[1] for dummy, ref in all_refs(SPEC)) | set(REFRESH['EXTRA_SCHEMAS'])
    assert set(SPEC['components']['schemas']) == used


def test_the_scopes_of_every_operation_are_defined():
    defined = set()
    for scheme in SPEC['components']['securitySchemes'].values():
        for flow in scheme['flows'].values():
            defined.update(flow['scopes'])
    operations = [operation for item in SPEC['paths'].values() for method, operation in item.items() if method in REFRESH['HTTP_METHODS']]
    for operation in operations:
        for requirement in operation.get('security', []):
            for scheme, scopes in requirement.items():
                assert scheme in SPEC['components']['securitySchemes'], operation['operationId']
                assert set(scopes) <= defined, operation['operationId']
    assert {'sessions:sms:write', 'sms:read', 'sms:write', 'sms:callerid:read', 'sms:callerid:write', 'balance:read',
            'history:read'} <= defined


def test_request_bodies_are_kept_as_the_source_has_them():
    content = SPEC['paths']['/sessions/sms']['post']['requestBody']['content']
    assert list(content) == ['*/*']
    assert content['*/*']['schema'] == {'$ref': '#/components/schemas/SendWebSmsRequest'}


def test_the_refresh_script_reproduces_the_file_from_itself():
    assert REFRESH['subset_text'](SPEC_TEXT) == SPEC_TEXT
    assert REFRESH['select'](SPEC) == SPEC


def test_the_refresh_script_writes_the_file(tmp_path, capsys):
    output = tmp_path / 'subset.yaml'
    assert REFRESH['main']([SPEC_PATH, '--output', str(output)]) == 0
    assert output.read_bytes() == SPEC_TEXT.encode('utf-8')
    assert '13 operations' in capsys.readouterr().out


def test_the_refresh_script_refuses_a_spec_without_an_operation():
    text = SPEC_TEXT.replace('operationId: verifyCallerId', 'operationId: somethingElse')
    with pytest.raises(REFRESH['SubsetError'], match='verifyCallerId'):
        REFRESH['subset_text'](text)


def test_the_refresh_script_refuses_a_reference_it_cannot_resolve():
    text = SPEC_TEXT.replace("$ref: '#/components/schemas/ErrorSource'", "$ref: '#/components/schemas/Missing'")
    assert text != SPEC_TEXT
    with pytest.raises(REFRESH['SubsetError'], match='Missing'):
        REFRESH['subset_text'](text)


def test_the_refresh_script_keeps_only_what_it_selects():
    extra = SPEC_TEXT.replace('paths:\n', 'paths:\n  /numbers:\n    get:\n      operationId: getAllNumbers\n', 1)
    extra = extra.replace('components:\n  schemas:\n', 'components:\n  schemas:\n    Unused:\n      type: object\n', 1)
    assert yaml.safe_load(extra)['paths']['/numbers']['get']['operationId'] == 'getAllNumbers'
    assert REFRESH['subset_text'](extra) == SPEC_TEXT
