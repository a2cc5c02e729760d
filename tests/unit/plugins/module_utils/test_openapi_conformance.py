# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check what the collection sends and the recorded answers it is tested with against the sipgate OpenAPI spec.

The checks run against the SMS part of the spec vendored in tests/spec/sipgate-openapi-sms.yaml (see tests/spec/README.md).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import tempfile

from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from ansible_collections.sipgate.io.plugins.module_utils._client import DEFAULT_API_URL, SipgateClient
from ansible_collections.sipgate.io.plugins.modules import (
    sipgate_balance_info, sipgate_sms, sipgate_sms_caller_id, sipgate_sms_extension, sipgate_sms_history_info,
    sipgate_sms_wait_for_reply,
)
from ansible_collections.sipgate.io.plugins.module_utils._options import DEFAULT_RETRIES, DEFAULT_TIMEOUT
from ansible_collections.sipgate.io.tests.unit.replay import TOKEN, TOKEN_ID, json_answer, load_fixture, module_args, no_content

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..'))
SPEC_PATH = os.path.join(COLLECTION_ROOT, 'tests', 'spec', 'sipgate-openapi-sms.yaml')
if not os.path.exists(SPEC_PATH):  # the Galaxy tarball leaves tests/spec/ out (tests/spec/README.md, Terms)
    pytest.skip('no vendored sipgate OpenAPI spec in tests/spec/', allow_module_level=True)

# What the collection calls, and the scope our documentation names for it.
OPERATIONS = [
    ('post', '/sessions/sms', 'sessions:sms:write'),
    ('get', '/{userId}/sms', 'sms:read'),
    ('get', '/{userId}/sms/{smsId}/callerids', 'sms:read'),
    ('get', '/authorization/userinfo', None),
    ('put', '/{userId}/sms/{smsId}', 'sms:write'),
    ('post', '/{userId}/sms/{smsId}/callerids', 'sms:callerid:write'),
    ('put', '/{userId}/sms/{smsId}/callerids/{callerId}', 'sms:callerid:write'),
    ('delete', '/{userId}/sms/{smsId}/callerids/{callerId}', 'sms:callerid:write'),
    ('post', '/{userId}/sms/{smsId}/callerids/{callerId}/verification', 'sms:callerid:write'),
    ('get', '/balance', 'balance:read'),
    ('get', '/history', 'history:read'),
    ('get', '/history/{entryId}', 'history:read'),
    ('put', '/history/{entryId}', 'history:write'),
]
# The operations that only read the account; the writes test below does not call them.
ACCOUNT_READS = [('get', '/balance'), ('get', '/history')]
# The operations on one history entry: marking a received SMS read and reading it back; the writes test does not call them.
HISTORY_ENTRY = [('get', '/history/{entryId}'), ('put', '/history/{entryId}')]


def load_spec(path):
    with open(path, 'rb') as handle:
        return yaml.safe_load(handle)


# Loaded once at import: ansible-test runs every test in a fork of the process that collected it.
SPEC = load_spec(SPEC_PATH)


@pytest.fixture
def spec():
    return SPEC


@pytest.fixture
def checker(spec):
    return SchemaChecker(spec)


# --- a small schema checker: $ref, type, format, enum, required, properties, items, nullable ------------------------


class SchemaChecker(object):
    """Enough of OpenAPI 3.0 schema validation for request and response bodies.

    With ``strict``, properties the schema does not name are errors too: a misspelt field (``smsID``) is
    silently ignored by the API, so the collection must not send one, and fixtures must not invent any.
    """

    INT_RANGES = {'int32': (-2 ** 31, 2 ** 31 - 1), 'int64': (-2 ** 63, 2 ** 63 - 1)}

    def __init__(self, spec):
        self.spec = spec

    def schema(self, name):
        return self.spec['components']['schemas'][name]

    def resolve(self, schema):
        seen = []
        while '$ref' in schema:
            ref = schema['$ref']
            if not ref.startswith('#/') or ref in seen:
                raise AssertionError('unsupported or circular $ref %r' % ref)
            seen.append(ref)
            node = self.spec
            for part in ref[2:].split('/'):
                node = node[part.replace('~1', '/').replace('~0', '~')]
            schema = node
        return schema

    def errors(self, value, schema, path='$', strict=True):
        schema = self.resolve(schema)
        if value is None:
            return [] if schema.get('nullable') else ['%s: null is not allowed' % path]
        expected = schema.get('type')
        if expected is not None and not self._has_type(value, expected):
            return ['%s: expected %s, got %s %r' % (path, expected, type(value).__name__, value)]
        errors = []
        if 'enum' in schema and value not in schema['enum']:
            errors.append('%s: %r is not one of %r' % (path, value, schema['enum']))
        if expected == 'integer' and schema.get('format') in self.INT_RANGES:
            low, high = self.INT_RANGES[schema['format']]
            if not low <= value <= high:
                errors.append('%s: %d is out of range for %s' % (path, value, schema['format']))
        if isinstance(value, dict):
            properties = schema.get('properties', {})
            for name in schema.get('required', []):
                if name not in value:
                    errors.append('%s: required property %r is missing' % (path, name))
            for name, item in value.items():
                if name in properties:
                    errors.extend(self.errors(item, properties[name], '%s.%s' % (path, name), strict))
                elif strict and schema.get('additionalProperties') is not True:
                    errors.append('%s: property %r is not in the schema' % (path, name))
        if isinstance(value, list) and 'items' in schema:
            for index, item in enumerate(value):
                errors.extend(self.errors(item, schema['items'], '%s[%d]' % (path, index), strict))
        return errors

    @staticmethod
    def _has_type(value, expected):
        if expected == 'integer':
            return isinstance(value, int) and not isinstance(value, bool)
        if expected == 'number':
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        types = {'string': str, 'boolean': bool, 'object': dict, 'array': list}
        if expected not in types:
            raise AssertionError('unsupported schema type %r' % expected)
        return isinstance(value, types[expected])


VALID_SMS = {'smsId': 's0', 'recipient': '+4915799912345', 'message': 'Hello', 'sendAt': 1767258000}


@pytest.mark.parametrize('body, problem', [
    (dict(VALID_SMS, sendAt='1767258000'), "$.sendAt: expected integer, got str '1767258000'"),
    (dict(VALID_SMS, sendAt=1767258000.5), '$.sendAt: expected integer, got float 1767258000.5'),
    (dict(VALID_SMS, sendAt=True), '$.sendAt: expected integer, got bool True'),
    (dict(VALID_SMS, sendAt=2 ** 63), '$.sendAt: %d is out of range for int64' % 2 ** 63),
    (dict(VALID_SMS, recipient=4915799912345), '$.recipient: expected string, got int 4915799912345'),
    (dict((key, value) for key, value in VALID_SMS.items() if key != 'recipient'), "$: required property 'recipient' is missing"),
    (dict(VALID_SMS, smsID='s0'), "$: property 'smsID' is not in the schema"),
    (dict(VALID_SMS, message=None), '$.message: null is not allowed'),
    (['not', 'an', 'object'], "$: expected object, got list ['not', 'an', 'object']"),
])
def test_schema_checker_finds_problems(checker, body, problem):
    assert problem in checker.errors(body, checker.schema('SendWebSmsRequest'))


def test_schema_checker_follows_refs_into_items(checker):
    answer = {'items': [{'id': '0', 'phonenumber': 'sipgate', 'verified': 'yes', 'defaultNumber': False}]}
    assert checker.errors(answer, checker.schema('SmsCallerIdsResponse')) == [
        "$.items[0].id: expected integer, got str '0'",
        "$.items[0].verified: expected boolean, got str 'yes'",
    ]


def test_schema_checker_accepts_a_valid_body(checker):
    assert checker.errors(VALID_SMS, checker.schema('SendWebSmsRequest')) == []


# --- (a) what the collection sends ---------------------------------------------------------------------------------


@pytest.fixture
def recorder(api):
    """Answers userinfo and the extension list from recorded fixtures, and any other request with 204."""
    api.by_path = {'/v2/authorization/userinfo': json_answer(200, 'userinfo.json'), '/v2/w0/sms': json_answer(200, 'sms_extensions.json'),
                   '/v2/balance': json_answer(200, 'balance.json')}
    api.default = no_content()
    return api


def run_sipgate_sms(monkeypatch, capsys, **args):
    args = dict(dict(token_id=TOKEN_ID, token=TOKEN, sms_id='s0', msg='Deployment finished'), **args)
    with module_args(args, monkeypatch):
        with pytest.raises(SystemExit) as exit_info:
            sipgate_sms.main()
    result = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 0, result
    return result


def _future(days):
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(days=days)


@pytest.mark.parametrize('args', [
    dict(to=['+4915799912345', '0049 157 9991 2346']),
    dict(to=['015799912345'], default_country_code='49', msg='Gr\xfc\xdfe \u20ac \U0001F680 ' * 40),
    dict(to=['+4915799912345'], send_at=_future(1).strftime('%Y-%m-%dT%H:%M:%S+02:00')),
    dict(to=['+4915799912345'], send_at=_future(2).strftime('%Y-%m-%d %H:%M')),
    dict(to=['+4915799912345'], send_at=int(_future(3).timestamp())),
    dict(to=['+4915799912345'], send_at=str(int(_future(3).timestamp()))),
    dict(to=['+4915799912345'], send_at='%d.75' % int(_future(3).timestamp())),
], ids=['now', 'unicode_national', 'iso_offset', 'iso_naive', 'unix_int', 'unix_str', 'unix_fraction'])
def test_module_sends_send_web_sms_requests(checker, recorder, monkeypatch, capsys, args):
    result = run_sipgate_sms(monkeypatch, capsys, **args)
    posts = [request for request in recorder.requests if request.method == 'POST']
    assert len(posts) == len(result['messages']) >= 1
    for request in posts:
        # The spec types the body */*, but the API answers 415 without application/json.
        assert request.headers['Content-Type'] == 'application/json'
        body = json.loads(request.body.decode('utf-8'))
        assert checker.errors(body, checker.schema('SendWebSmsRequest')) == [], body
        assert ('sendAt' in body) is ('send_at' in args)


def test_client_post_body_validates(checker, api):
    api.answers = [no_content()]
    client = SipgateClient(api_url=DEFAULT_API_URL, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, token_id=TOKEN_ID, token=TOKEN)
    client.post('/sessions/sms', dict(VALID_SMS))
    assert api.posts == [VALID_SMS]
    assert checker.errors(api.posts[0], checker.schema('SendWebSmsRequest')) == []


# --- (b) the recorded answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize('fixture, schema', [
    ('userinfo.json', 'UserinfoResponse'),
    ('sms_extensions.json', 'SmsExtensionsResponse'),
    ('sms_extensions_empty.json', 'SmsExtensionsResponse'),
    ('sms_callerids_s0.json', 'SmsCallerIdsResponse'),
    ('balance.json', 'BalanceResponse'),
    ('balance_zero.json', 'BalanceResponse'),
    ('history_empty.json', 'HistoryResponse'),
    ('error_400.json', 'ErrorResponse'),
    ('error_403.json', 'ErrorResponse'),
    ('error_500.json', 'ErrorResponse'),
])
def test_fixture_matches_the_spec(checker, fixture, schema):
    assert checker.errors(load_fixture(fixture), checker.schema(schema)) == []


def test_fixtures_are_not_empty_shells():
    assert load_fixture('userinfo.json')['sub'] == 'w0'
    assert [item['id'] for item in load_fixture('sms_extensions.json')['items']] == ['s0', 's1']
    assert load_fixture('sms_extensions_empty.json')['items'] == []
    assert any(item['defaultNumber'] for item in load_fixture('sms_callerids_s0.json')['items'])


# --- (c) paths, methods and scopes -------------------------------------------------------------------------------------


def operation_scopes(operation):
    scopes = set()
    for requirement in operation.get('security') or []:
        for names in requirement.values():
            scopes.update(names)
    return scopes


def all_scopes(spec):
    scopes = set()
    for scheme in spec['components']['securitySchemes'].values():
        for flow in scheme.get('flows', {}).values():
            scopes.update(flow.get('scopes', {}))
    return scopes


def spec_operation(spec, method, request_path):
    """The (template, operation) of the spec that a request path relative to the server URL matches.

    Of several matching templates the one with the fewest parameters wins, as in OpenAPI path matching.
    """
    matches = []
    for template, item in spec['paths'].items():
        pattern = '^' + re.sub(r'\\\{[^}]+\\\}', '[^/]+', re.escape(template)) + '$'
        if re.match(pattern, request_path) and method in item:
            matches.append((template.count('{'), template))
    if not matches:
        return None, None
    template = min(matches)[1]
    return template, spec['paths'][template][method]


@pytest.mark.parametrize('method, path, scope', OPERATIONS, ids=['%s %s' % (row[0], row[1]) for row in OPERATIONS])
def test_operations_exist_with_our_scopes(spec, method, path, scope):
    assert path in spec['paths'], '%s is not in the spec' % path
    assert method in spec['paths'][path], '%s %s is not in the spec' % (method.upper(), path)
    operation = spec['paths'][path][method]
    if scope is None:
        # Check mode relies on this: any valid credentials may call userinfo.
        assert operation_scopes(operation) == set()
    else:
        assert scope in operation_scopes(operation)


def test_default_api_url_is_the_spec_server(spec):
    assert DEFAULT_API_URL in [server['url'] for server in spec['servers']]


def test_every_request_of_the_module_is_a_spec_operation(spec, recorder, monkeypatch, capsys):
    run_sipgate_sms(monkeypatch, capsys, to=['+4915799912345'])
    run_sipgate_sms(monkeypatch, capsys, to=['+4915799912345'], _ansible_check_mode=True)
    seen = set()
    for request in recorder.requests:
        path = request.path_url
        assert path.startswith('/v2/')
        template, operation = spec_operation(spec, request.method.lower(), path[len('/v2'):])
        assert operation is not None, '%s %s is not an operation of the spec' % (request.method, path)
        seen.add((request.method.lower(), template))
    assert seen == {('post', '/sessions/sms'), ('get', '/authorization/userinfo'), ('get', '/{userId}/sms'), ('get', '/balance')}


def documented_scopes():
    """Scope names written as C(...) in the documentation of the collection's plugins: {scope: [files]}."""
    found = {}
    plugins = os.path.join(COLLECTION_ROOT, 'plugins')
    for directory, dummy, files in os.walk(plugins):
        for name in sorted(files):
            if not name.endswith('.py'):
                continue
            path = os.path.join(directory, name)
            with open(path, 'rb') as handle:
                text = handle.read().decode('utf-8')
            for scope in re.findall(r'C\(([a-z]+(?::[a-z0-9]+)+)\)', text):
                found.setdefault(scope, []).append(os.path.relpath(path, COLLECTION_ROOT))
    return found


def test_documented_scopes_exist_in_the_spec(spec):
    documented = documented_scopes()
    assert 'sessions:sms:write' in documented
    assert 'sms:read' in documented
    unknown = dict((scope, files) for scope, files in documented.items() if scope not in all_scopes(spec))
    assert unknown == {}, 'scopes named in the docs that the API does not have: %r' % unknown


def test_documented_scopes_are_those_of_the_operations(spec):
    documented = documented_scopes()
    send = spec['paths']['/sessions/sms']['post']
    extensions = spec['paths']['/{userId}/sms']['get']
    assert 'sessions:sms:write' in documented and 'sessions:sms:write' in operation_scopes(send)
    assert 'sms:read' in documented and 'sms:read' in operation_scopes(extensions)
    # sessions:sms:write does not allow listing extensions; that is why check mode only warns without sms:read.
    assert 'sessions:sms:write' not in operation_scopes(extensions)


# --- (d) the sender-number writes --------------------------------------------------------------------------------------


def caller_ids_answer(default_id, added=True, verified=True):
    """The caller ids of s0: sipgate (0), +4915799912345 (1) and, when ``added``, +4915799900777 (7)."""
    numbers = [(0, 'sipgate'), (1, '+4915799912345')] + ([(7, '+4915799900777')] if added else [])
    items = [{'id': caller_id, 'phonenumber': number, 'verified': caller_id != 7 or verified, 'defaultNumber': caller_id == default_id}
             for caller_id, number in numbers]
    return json_answer(200, data={'items': items})


def run_module_main(module, monkeypatch, capsys, **args):
    args = dict(dict(token_id=TOKEN_ID, token=TOKEN), **args)
    with module_args(args, monkeypatch):
        with pytest.raises(SystemExit) as exit_info:
            module.main()
    result = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 0, result
    return result


def request_body_schema(spec, operation):
    content = (operation.get('requestBody') or {}).get('content') or {}
    return next(iter(content.values()))['schema'] if content else None


def test_every_write_of_the_sender_modules_is_a_spec_operation_with_a_valid_body(spec, checker, api, monkeypatch, capsys):
    extensions = json_answer(200, 'sms_extensions.json')
    api.answers = [
        # sipgate_sms_caller_id adds +4915799900777 to s0, then verifies it
        extensions, caller_ids_answer(0, added=False), no_content(), caller_ids_answer(0, verified=False),
        extensions, caller_ids_answer(0, verified=False), no_content(), caller_ids_answer(0),
        # sipgate_sms_extension renames s0 and makes +4915799912345 its sender
        extensions, caller_ids_answer(0), no_content(), extensions, no_content(), caller_ids_answer(1), extensions,
        # sipgate_sms sends as sipgate: switch, send, read that it is still sipgate, switch back
        json_answer(200, 'userinfo.json'), caller_ids_answer(1), no_content(), caller_ids_answer(0), no_content(),
        caller_ids_answer(0), no_content(), caller_ids_answer(1),
        # sipgate_sms_caller_id removes +4915799900777
        extensions, caller_ids_answer(1), no_content(), caller_ids_answer(1, added=False),
    ]
    run_module_main(sipgate_sms_caller_id, monkeypatch, capsys, user_id='w0', sms_id='s0', number='+4915799900777')
    run_module_main(sipgate_sms_caller_id, monkeypatch, capsys, user_id='w0', sms_id='s0', number='+4915799900777',
                    verification_code='123456')
    run_module_main(sipgate_sms_extension, monkeypatch, capsys, user_id='w0', sms_id='s0', alias='Ops alerts',
                    default_sender='+4915799912345')
    run_module_main(sipgate_sms, monkeypatch, capsys, sms_id='s0', to=['+4915799912346'], msg='Hello', sender='sipgate')
    run_module_main(sipgate_sms_caller_id, monkeypatch, capsys, user_id='w0', sms_id='s0', number='+4915799900777', state='absent')
    seen = set()
    for request in api.requests:
        template, operation = spec_operation(spec, request.method.lower(), request.path_url[len('/v2'):])
        assert operation is not None, '%s %s is not an operation of the spec' % (request.method, request.path_url)
        seen.add((request.method.lower(), template))
        schema = request_body_schema(spec, operation)
        if request.body:
            assert request.headers['Content-Type'] == 'application/json'
            body = json.loads(request.body.decode('utf-8'))
            assert schema is not None, '%s %s sends a body the spec does not take' % (request.method, template)
            assert checker.errors(body, schema) == [], (template, body)
    assert seen >= set((method, path) for method, path, dummy in OPERATIONS) - set(ACCOUNT_READS) - set(HISTORY_ENTRY)


# --- (e) the account reads: balance and history, with their query parameters ----------------------------------------------


def test_history_entries_are_history_entry_responses_plus_the_sms_fields(checker):
    # smsContent and scheduled are what sipgate's entries carry for an SMS beyond the spec's HistoryEntryResponse.
    answer = load_fixture('history_sms.json')
    assert checker.errors(answer, checker.schema('HistoryResponse'), strict=False) == []
    extra = set(answer['items'][0]) - set(checker.schema('HistoryEntryResponse')['properties'])
    assert extra == {'smsContent', 'scheduled'}


def query_errors(checker, operation, query):
    """What is wrong with a query string by the operation's parameters: unknown names, values of the wrong type."""
    parameters = dict((parameter['name'], parameter) for parameter in operation.get('parameters', []) if parameter['in'] == 'query')
    errors = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name not in parameters:
            errors.append('%s is not a query parameter' % name)
            continue
        schema = checker.resolve(parameters[name]['schema'])
        if schema.get('type') == 'array':
            schema = checker.resolve(schema['items'])
        if schema.get('type') == 'integer':
            if not re.fullmatch('[0-9]+', value) or not schema.get('minimum', 0) <= int(value) <= schema.get('maximum', 2 ** 31):
                errors.append('%s=%s is out of range' % (name, value))
        elif 'enum' in schema and value not in schema['enum']:
            errors.append('%s=%s is not one of %r' % (name, value, schema['enum']))
    return errors


def spec_operations_of(spec, checker, requests):
    """The (method, path template) of each request, each checked: an operation of the spec, with a valid query and body."""
    seen = set()
    for request in requests:
        parts = urlsplit(request.path_url)
        template, operation = spec_operation(spec, request.method.lower(), parts.path[len('/v2'):])
        assert operation is not None, '%s %s is not an operation of the spec' % (request.method, request.path_url)
        seen.add((request.method.lower(), template))
        assert query_errors(checker, operation, parts.query) == [], request.path_url
        if request.body:
            assert request.headers['Content-Type'] == 'application/json'
            assert checker.errors(json.loads(request.body.decode('utf-8')), request_body_schema(spec, operation)) == []
    return seen


def test_every_account_read_is_a_spec_operation_with_valid_query_parameters(spec, checker, api, monkeypatch, capsys):
    item = load_fixture('history_sms.json')['items'][0]
    api.answers = [
        json_answer(200, 'balance.json'),
        json_answer(200, data={'items': [item] * 1000, 'totalCount': 1001}), json_answer(200, data={'items': [item], 'totalCount': 1001}),
        json_answer(200, 'history_empty.json'),
        # sipgate_sms: the POST's answer is lost (503), the history settles it
        json_answer(503, 'error_503.json'), json_answer(200, 'history_empty.json'),
    ]
    run_module_main(sipgate_balance_info, monkeypatch, capsys)
    run_module_main(sipgate_sms_history_info, monkeypatch, capsys, limit=1001)
    run_module_main(sipgate_sms_history_info, monkeypatch, capsys, sms_id='s0', recipient='+4915799912345', direction='any',
                    since='2026-11-30T18:00:00Z', until='2026-12-01T18:00:00Z')
    with module_args(dict(token_id=TOKEN_ID, token=TOKEN, sms_id='s0', to=['+4915799912345'], msg='Hi', history_wait=0), monkeypatch):
        with pytest.raises(SystemExit):
            sipgate_sms.main()
    capsys.readouterr()
    assert spec_operations_of(spec, checker, api.requests) == set(ACCOUNT_READS) | {('post', '/sessions/sms')}
    assert sum(1 for request in api.requests if request.method == 'GET' and '/history' in request.path_url) == 4


# --- (f) received SMS: waiting for a reply, marking it read --------------------------------------------------------------


def test_the_received_sms_fixture_is_history_entry_responses_plus_the_sms_fields(checker):
    answer = load_fixture('history_received.json')
    assert checker.errors(answer, checker.schema('HistoryResponse'), strict=False) == []
    assert set(item['direction'] for item in answer['items']) == {'INCOMING'}


def test_every_request_of_the_wait_is_a_spec_operation_with_a_valid_body_and_query(spec, checker, api, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    items = load_fixture('history_received.json')['items']
    api.answers = [json_answer(200, 'history_empty.json'), json_answer(200, data={'items': items, 'totalCount': 3}),
                   no_content(), json_answer(200, data=dict(items[1], read=True))]
    run_module_main(sipgate_sms_wait_for_reply, monkeypatch, capsys, from_numbers=['+4915799940001'], wait=0,
                    since='2026-12-01T07:30:00Z')
    assert spec_operations_of(spec, checker, api.requests) == {('get', '/history')} | set(HISTORY_ENTRY)
    assert checker.errors(items[1], checker.schema('HistoryEntryResponse'), strict=False) == []
