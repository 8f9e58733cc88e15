"""Preflight checks, one module per section of the deployment checklist.

Each module has a `TITLE` and `run(options)` returning `CheckResult`s; the endpoint sections
(`performance`, `security`) take the probe environment too: `run(options, environment)`.
"""
