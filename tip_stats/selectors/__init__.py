"""Reads behind the admin tip reports: scope, periods, sources (rollups or tip rows), reports.

Modules: `scope` (the tenancy rule), `periods` (local days, weeks, months), `sources` (the
rollups or the tip rows, answering the same grouped questions), `reports` (dashboard,
analytics, earnings, list totals), `listing` (list page and CSV rows), `cache` (report
versions).
"""
