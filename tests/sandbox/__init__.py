# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local stand-in for the parts of the sipgate REST API v2 this collection uses, for tests, the demo and the benchmark.

Standard library only; listens on loopback only. ``python -m sandbox --help`` (with this directory's parent as the
working directory) lists the commands; README.md beside this file documents the API.
"""
