# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""Reading SMS extensions and their caller ids, and turning the API's answers into the snake_case results modules return."""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError

EXTENSIONS_HINTS = {
    403: 'no permission: the token lacks the scope sms:read, or the user id belongs to another user',
    404: 'not found: the user id does not exist, or api_url is wrong (it should end in /v2)',
}
CALLER_IDS_HINTS = {
    403: 'no permission: the token lacks the scope sms:read (or sms:callerid:read)',
    404: 'not found: the SMS extension does not exist (any more)',
}


class MalformedAnswerError(SipgateError):
    """The API answered 2xx, but not with the documented shape."""

    def __init__(self, problem):
        super(MalformedAnswerError, self).__init__('The sipgate API answered in an unexpected form: %s.' % problem, kind='invalid_response')


def _items(answer, what):
    if not isinstance(answer, dict) or not isinstance(answer.get('items'), list):
        raise MalformedAnswerError('the %s answer has no list "items": %s' % (what, _preview(answer)))
    for item in answer['items']:
        if not isinstance(item, dict):
            raise MalformedAnswerError('the %s answer has an entry that is not an object: %s' % (what, _preview(item)))
    return answer['items']


def _preview(value):
    text = repr(value)
    return text if len(text) <= 120 else text[:120] + '...'


def parse_user_id(userinfo):
    """The user id (``sub``, such as ``w0``) from a GET /authorization/userinfo answer."""
    user_id = userinfo.get('sub') if isinstance(userinfo, dict) else None
    if not isinstance(user_id, str) or not user_id:
        raise MalformedAnswerError('the userinfo answer has no user id ("sub"): %s' % _preview(userinfo))
    return user_id


def parse_sms_extensions(answer):
    """``[{id, alias, caller_id}]`` from a GET /{userId}/sms answer (SmsExtensionsResponse)."""
    extensions = []
    for item in _items(answer, 'SMS extensions'):
        if not isinstance(item.get('id'), str) or not item['id']:
            raise MalformedAnswerError('an SMS extension has no id: %s' % _preview(item))
        extensions.append(dict(id=item['id'], alias=item.get('alias'), caller_id=item.get('callerId')))
    return extensions


def parse_caller_ids(answer):
    """``[{id, phonenumber, verified, default}]`` from a GET /{userId}/sms/{smsId}/callerids answer."""
    caller_ids = []
    for item in _items(answer, 'caller ids'):
        if 'phonenumber' not in item:
            raise MalformedAnswerError('a caller id has no phonenumber: %s' % _preview(item))
        caller_ids.append(dict(id=item.get('id'), phonenumber=item['phonenumber'],
                               verified=bool(item.get('verified', False)), default=bool(item.get('defaultNumber', False))))
    return caller_ids


def default_caller_id(caller_ids):
    """The phonenumber of the caller id marked default, or None."""
    for caller_id in caller_ids:
        if caller_id['default']:
            return caller_id['phonenumber']
    return None


def authenticated_user_id(client):
    """The id of the user the credentials belong to; also proves that the credentials work."""
    return parse_user_id(client.userinfo())


def list_sms_extensions(client, user_id):
    """The SMS extensions of ``user_id`` as ``[{id, alias, caller_id}]``."""
    answer = client.get('/%s/sms' % user_id, action='Listing the SMS extensions of %s' % user_id, hints=EXTENSIONS_HINTS)
    return parse_sms_extensions(answer)


def list_caller_ids(client, user_id, sms_id):
    """The caller ids of one extension as ``[{id, phonenumber, verified, default}]``."""
    answer = client.get('/%s/sms/%s/callerids' % (user_id, sms_id), action='Listing the caller ids of %s' % sms_id,
                        hints=CALLER_IDS_HINTS)
    return parse_caller_ids(answer)


def unknown_sms_id_error(sms_id, extensions):
    """The error for an ``sms_id`` the account does not have, naming the ones it has."""
    known = ', '.join(extension['id'] for extension in extensions) or 'no SMS extension'
    return SipgateError("sms_id '%s' does not exist for this account; it has: %s." % (sms_id, known), kind='config')
