# -*- coding: utf-8 -*-
# Copyright (c) 2026, sipgate.io collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`python -m sandbox COMMAND` with this directory's parent as the working directory (or on PYTHONPATH)."""
from __future__ import annotations

import sys

from .client import main

sys.exit(main())
