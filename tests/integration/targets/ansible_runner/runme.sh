#!/usr/bin/env bash
# Runs AWX-style jobs with ansible-runner against the local sipgate API sandbox: see runner_jobs.py.
set -eu
python runner_jobs.py
