# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # Authentication and connection options shared by every sipgate.io module.
    DOCUMENTATION = r'''
options:
  token_id:
    description:
      - ID of a sipgate personal access token, for example V(token-6DSA7A).
      - Sent with O(token) as HTTP Basic authentication.
      - Create the token in the sipgate web app under C(Account settings > Personal access tokens). Sending SMS needs the
        scope C(sessions:sms:write); listing SMS extensions and checking O(sipgate.io.sipgate_sms#module:sms_id) in check mode
        needs C(sms:read).
      - With the alias O(username), the legacy sipgate account login (e-mail address) is used instead.
      - If not set, the environment variable E(SIPGATE_TOKEN_ID) is used.
      - Mutually exclusive with O(access_token).
    type: str
    aliases: [username]
  token:
    description:
      - The secret of the personal access token named by O(token_id).
      - With the alias O(password), the legacy sipgate account password.
      - If not set, the environment variable E(SIPGATE_TOKEN) is used.
      - Required together with O(token_id). Never logged or returned.
    type: str
    aliases: [password]
  access_token:
    description:
      - An OAuth2 access token, sent in the C(Authorization) header as a bearer token.
      - If not set, the environment variable E(SIPGATE_ACCESS_TOKEN) is used.
      - Mutually exclusive with O(token_id) and O(token). Never logged or returned.
    type: str
  api_url:
    description:
      - Base URL of the sipgate REST API v2.
      - An C(http://) URL is refused unless its host is a loopback address (such as a local test server), so
        credentials never travel in clear text.
      - If not set, the environment variable E(SIPGATE_API_URL) is used.
    type: str
    default: https://api.sipgate.com/v2
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Only set to V(false) against a test server you control.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer each request.
    type: float
    default: 30
  retries:
    description:
      - How often a request is tried again after a failure that is safe to repeat.
      - An SMS is never sent twice. A C(POST) is only repeated when the API cannot have accepted it
        (the connection was never established, or the API answered HTTP 429 or 503), waiting as long as its
        C(Retry-After) header asks, at most 30 seconds. It is never repeated after a read timeout, a dropped
        connection or another 5xx answer.
      - Read-only C(GET) requests are also repeated after timeouts, dropped connections and any 5xx answer.
    type: int
    default: 2
requirements:
  - requests >= 2.25 (on the host that runs the module)
notes:
  - Credentials can be set once for every module of this collection with the action group
    C(group/sipgate.io.sipgate) in C(module_defaults).
seealso:
  - name: sipgate REST API documentation
    description: Endpoints, authentication and scopes of the sipgate REST API v2.
    link: https://api.sipgate.com/v2/doc
  - name: Personal access tokens
    description: How to create a sipgate personal access token and choose its scopes.
    link: https://www.sipgate.io/rest-api/authentication
'''
