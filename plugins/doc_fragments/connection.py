# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # Authentication and connection options shared by every module and the callback plugin.
    DOCUMENTATION = r'''
options:
  token_id:
    description:
      - ID of a sipgate personal access token, for example V(token-6DSA7A).
      - Sent with O(token) as HTTP Basic authentication.
      - Create the token in the sipgate web app under C(Account settings > Personal access tokens). Sending SMS needs the
        scope C(sessions:sms:write); listing SMS extensions and checking the SMS extension in check mode needs C(sms:read).
      - The legacy sipgate account login (e-mail address) works here too, with the account password as O(token).
        Modules also accept the names C(username) and C(password) for them.
      - If not set, the environment variable E(SIPGATE_TOKEN_ID) is used.
      - Mutually exclusive with O(access_token).
    type: str
  token:
    description:
      - The secret of the personal access token named by O(token_id), or the legacy account password.
      - If not set, the environment variable E(SIPGATE_TOKEN) is used.
      - Required together with O(token_id). Never logged or returned.
    type: str
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
      - If not set, the environment variable E(SIPGATE_VALIDATE_CERTS) is used.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer each request.
      - If not set, the environment variable E(SIPGATE_TIMEOUT) is used.
    type: float
    default: 30
  retries:
    description:
      - How often a request is tried again after a failure that is safe to repeat, from V(0) to V(10).
      - An SMS is never sent twice. A C(POST) (and any other write) is only repeated when the API cannot have
        accepted it (the connection was never established, or the API answered HTTP 429), waiting as long as its
        C(Retry-After) header asks, at most 30 seconds. It is never repeated after a read timeout, a dropped
        connection or any 5xx answer, HTTP 503 included, which a proxy in front of the API can send after the API
        processed the request; such an outcome is unknown, and M(sipgate.io.sipgate_sms) looks it up in the account
        history (see its option O(sipgate.io.sipgate_sms#module:history_wait)).
      - Read-only C(GET) requests are also repeated after timeouts, dropped connections and any 5xx answer.
      - If not set, the environment variable E(SIPGATE_RETRIES) is used.
    type: int
    default: 2
seealso:
  - name: sipgate REST API documentation
    description: Endpoints, authentication and scopes of the sipgate REST API v2.
    link: https://api.sipgate.com/v2/doc
  - name: Personal access tokens
    description: How to create a sipgate personal access token and choose its scopes.
    link: https://www.sipgate.io/rest-api/authentication
'''

    # What modules add: the legacy login names, the requirement on the managed host and the action group.
    MODULES = r'''
options:
  token_id:
    aliases: [username]
  token:
    aliases: [password]
requirements:
  - requests >= 2.25 on the controller, or on the host the task is delegated to
notes:
  - The task runs in the controller process, whatever hosts the play targets, and connects to no managed host;
    C(delegate_to) a remote host (for example a bastion that alone reaches the API, or
    C(delegate_to: "{{ inventory_hostname }}")) runs the module on that host instead. The task's C(environment)
    applies in both cases.
  - Credentials can be set once for every module of this collection with the action group
    C(group/sipgate.io.sipgate) in C(module_defaults).
  - An environment variable that is set to an empty string counts as not set, as credential injectors of AWX and
    CI systems set every variable they know.
'''

    # Where plugins (the callback) read the connection options from: the same environment variables as the modules,
    # or the plugin's section of ansible.cfg.
    PLUGINS = r'''
options:
  token_id:
    env:
      - name: SIPGATE_TOKEN_ID
    ini:
      - section: callback_sipgate_sms
        key: token_id
  token:
    env:
      - name: SIPGATE_TOKEN
    ini:
      - section: callback_sipgate_sms
        key: token
  access_token:
    env:
      - name: SIPGATE_ACCESS_TOKEN
    ini:
      - section: callback_sipgate_sms
        key: access_token
  api_url:
    env:
      - name: SIPGATE_API_URL
    ini:
      - section: callback_sipgate_sms
        key: api_url
  validate_certs:
    env:
      - name: SIPGATE_VALIDATE_CERTS
    ini:
      - section: callback_sipgate_sms
        key: validate_certs
  timeout:
    env:
      - name: SIPGATE_TIMEOUT
    ini:
      - section: callback_sipgate_sms
        key: timeout
  retries:
    env:
      - name: SIPGATE_RETRIES
    ini:
      - section: callback_sipgate_sms
        key: retries
requirements:
  - requests (for the Python that runs ansible-playbook)
'''
