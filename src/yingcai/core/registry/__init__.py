"""Registries the modules fill from their own files, so that shared code never imports them.

`figures` (each app's `figures.py`), `personal_data` (each app's `personal_data.py`): both
are collected by `CoreConfig.ready`.
"""
