# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the sipgate.io collection and may change in any release,
# even a bugfix release. Do not import them from other collections or from your own modules.

"""SMS extensions and their caller ids (sender numbers): reading them, changing them, and the snake_case results.

The API does not specify the answers of its writes, so every write is followed by reading the state again. A write
whose outcome is unknown (a timeout, a dropped connection, a gateway error) is never repeated: reading the state again
tells whether it took effect.
"""

from __future__ import annotations

from ansible_collections.sipgate.io.plugins.module_utils._client import SipgateError
from ansible_collections.sipgate.io.plugins.module_utils._phone import PhoneNumberError, normalize_number

EXTENSIONS_HINTS = {
    403: 'no permission: the token lacks the scope sms:read, or the user id belongs to another user',
    404: 'not found: the user id does not exist, or api_url is wrong (it should end in /v2)',
}
CALLER_IDS_HINTS = {
    403: 'no permission: the token lacks the scope sms:read (or sms:callerid:read)',
    404: 'not found: the SMS extension does not exist (any more)',
}
ALIAS_HINTS = {
    403: 'no permission: the token lacks the scope sms:write',
    404: 'not found: the SMS extension does not exist (any more)',
}
CALLER_ID_WRITE_HINTS = {
    400: 'bad request: the API refused the number or the change',
    403: 'no permission: the token lacks the scope sms:callerid:write (or sms:write)',
    404: 'not found: the SMS extension or the caller id does not exist (any more)',
}
VERIFICATION_HINTS = dict(CALLER_ID_WRITE_HINTS)
VERIFICATION_HINTS[400] = 'the verification code is wrong or has expired; the number stays unverified'
# The sender name every extension has; it is always verified and cannot be removed.
BUILT_IN_SENDER = 'sipgate'


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
        # Everything later compares these: an entry without them (phonenumber null) is refused here, clearly.
        if not isinstance(item.get('phonenumber'), str) or not item['phonenumber'].strip():
            raise MalformedAnswerError('a caller id has no phonenumber: %s' % _preview(item))
        if isinstance(item.get('id'), bool) or not isinstance(item.get('id'), (int, str)):
            raise MalformedAnswerError('a caller id has no id: %s' % _preview(item))
        caller_ids.append(dict(id=item.get('id'), phonenumber=item['phonenumber'],
                               verified=bool(item.get('verified', False)), default=bool(item.get('defaultNumber', False))))
    return caller_ids


def default_caller_id(caller_ids, field='phonenumber'):
    """The ``field`` (phonenumber, id) of the caller id marked default, or None when none is."""
    entry = default_caller_id_entry(caller_ids)
    return None if entry is None else entry[field]


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


def normalize_sender(value, default_country_code=None):
    """A sender as the API lists it: ``sipgate``, or a phone number in E.164 form (normalised like a recipient)."""
    if isinstance(value, str) and value.strip().lower() == BUILT_IN_SENDER:
        return BUILT_IN_SENDER
    return normalize_number(value, default_country_code)


def find_caller_id(caller_ids, sender):
    """The caller id of ``sender`` (``sipgate`` or E.164), or None; the API's numbers are compared in E.164 form."""
    for caller_id in caller_ids:
        if _listed_sender(caller_id['phonenumber']) == sender:
            return caller_id
    return None


def default_caller_id_entry(caller_ids):
    """The caller id marked default, or None."""
    return next((caller_id for caller_id in caller_ids if caller_id['default']), None)


def sender_problem(caller_ids, sender, sms_id):
    """Why ``sender`` cannot send for ``sms_id``, naming the extension's verified senders; None when it can."""
    caller_id = find_caller_id(caller_ids, sender)
    if caller_id is not None and caller_id['verified']:
        return None
    verified = ', '.join(entry['phonenumber'] for entry in caller_ids if entry['verified']) or 'none'
    if caller_id is not None:
        return 'the sender %s is not verified yet; %s can send as: %s' % (sender, sms_id, verified)
    return ('the sender %s is not a caller id of %s (not registered); %s can send as: %s. Add it with '
            'sipgate.io.sipgate_sms_caller_id first, and verify it with the code sipgate texts to it' % (sender, sms_id, sms_id, verified))


def caller_id_result(caller_id):
    """A caller id as modules return it: ``{id, number, verified, default}``."""
    if caller_id is None:
        return None
    return dict(id=caller_id['id'], number=caller_id['phonenumber'], verified=caller_id['verified'], default=caller_id['default'])


def extension_with_caller_ids(extension, caller_ids):
    """An extension in the shape of an item of sipgate_sms_extensions_info with caller ids.

    Each caller id is a caller_id_result(), with the deprecated alias ``phonenumber`` of ``number`` (until 2.0.0).
    """
    entries = [dict(caller_id_result(caller_id), phonenumber=caller_id['phonenumber']) for caller_id in caller_ids]
    return dict(extension, caller_ids=entries, default_caller_id=default_caller_id(caller_ids))


def find_sms_extension(client, user_id, sms_id):
    """The extension ``sms_id`` of ``user_id``; raises a SipgateError that names the account's extensions if it has none such."""
    extensions = list_sms_extensions(client, user_id)
    for extension in extensions:
        if extension['id'] == sms_id:
            return extension
    raise unknown_sms_id_error(sms_id, extensions)


def confirm_sms_extension(client, user_id, sms_id):
    """Check that ``sms_id`` exists, where the token may read extensions; return a warning when it may not."""
    try:
        find_sms_extension(client, user_id, sms_id)
    except SipgateError as error:
        if error.status != 403:
            raise
        return 'Could not check that sms_id %s exists: the token lacks the scope sms:read. The credentials are valid.' % sms_id
    return None


def set_alias(client, user_id, sms_id, alias):
    """Rename the extension; returns it as read again."""
    return _write_then_read(
        lambda: client.put('/%s/sms/%s' % (user_id, sms_id), {'alias': alias}, action='Renaming %s' % sms_id, hints=ALIAS_HINTS),
        lambda: find_sms_extension(client, user_id, sms_id),
        lambda extension: extension['alias'] == alias,
        'the alias of %s is still %%r' % sms_id, lambda extension: extension['alias'])


def set_default_caller_id(client, user_id, sms_id, caller_id):
    """Make ``caller_id`` (an entry of the list) the extension's sender; returns the caller ids as read again."""
    path = '/%s/sms/%s/callerids/%s' % (user_id, sms_id, caller_id['id'])
    return _write_then_read(
        lambda: client.put(path, {'defaultNumber': True}, action='Making %s the sender of %s' % (caller_id['phonenumber'], sms_id),
                           hints=CALLER_ID_WRITE_HINTS),
        lambda: list_caller_ids(client, user_id, sms_id),
        lambda caller_ids: default_caller_id(caller_ids, 'id') == caller_id['id'],
        'the sender of %s is still %%s' % sms_id, default_caller_id)


def add_caller_id(client, user_id, sms_id, number):
    """Add ``number`` as an unverified caller id; sipgate texts it a verification code. Returns the caller ids read again."""
    return _write_then_read(
        lambda: client.post('/%s/sms/%s/callerids' % (user_id, sms_id), {'phonenumber': number},
                            action='Adding %s as a caller id of %s' % (number, sms_id), hints=CALLER_ID_WRITE_HINTS),
        lambda: list_caller_ids(client, user_id, sms_id),
        lambda caller_ids: find_caller_id(caller_ids, number) is not None,
        '%s is still not a caller id of %s' % (number, sms_id))


def verify_caller_id(client, user_id, sms_id, caller_id, code):
    """Verify ``caller_id`` with the code sipgate texted to it; returns the caller ids as read again."""
    number = caller_id['phonenumber']
    return _write_then_read(
        lambda: client.post('/%s/sms/%s/callerids/%s/verification' % (user_id, sms_id, caller_id['id']), {'verificationCode': code},
                            action='Verifying %s' % number, hints=VERIFICATION_HINTS),
        lambda: list_caller_ids(client, user_id, sms_id),
        lambda caller_ids: (find_caller_id(caller_ids, _listed_sender(number)) or {}).get('verified') is True,
        '%s is still not verified' % number)


def delete_caller_id(client, user_id, sms_id, caller_id):
    """Remove ``caller_id`` from the extension; returns the caller ids as read again."""
    number = caller_id['phonenumber']
    return _write_then_read(
        lambda: client.delete('/%s/sms/%s/callerids/%s' % (user_id, sms_id, caller_id['id']),
                              action='Removing %s from %s' % (number, sms_id), hints=CALLER_ID_WRITE_HINTS),
        lambda: list_caller_ids(client, user_id, sms_id),
        lambda caller_ids: find_caller_id(caller_ids, _listed_sender(number)) is None,
        '%s is still a caller id of %s' % (number, sms_id))


def _write_then_read(write, read, done, still, shown=None):
    """Run ``write``, then return the state ``read`` gives.

    When the outcome of the write is unknown, it is not repeated: the state read again tells whether it took effect,
    and if it did not, the error says so.
    """
    try:
        write()
    except SipgateError as error:
        if not error.may_have_been_accepted:
            return _state_after_refusal(error, read, done)
        state = read()
        if done(state):
            return state
        detail = still % shown(state) if shown else still
        raise SipgateError('%s Reading it again shows that %s; it was not tried again.' % (error, detail), kind=error.kind,
                           status=error.status)
    return read()


def _state_after_refusal(error, read, done):
    """The state read again when a refused write took effect after all, else raise ``error``.

    The client repeats a write the API answered with 429 or 503, which means it was not processed; when it was, the
    repeat is refused (such as "already a caller id"), although the write took effect. Errors that would refuse any
    request (credentials, permission) are raised without reading.
    """
    if error.affects_every_request:
        raise error
    try:
        state = read()
    except SipgateError:
        raise error from None
    if done(state):
        return state
    raise error


def _listed_sender(phonenumber):
    """A number as the API lists it, in the form senders are compared in."""
    try:
        return normalize_sender(phonenumber)
    except PhoneNumberError:
        return phonenumber
