"""Every change of the docking: one function per state change (docs/architecture.md).

`interests` — interest between a project and an organisation; `sessions` — docking sessions,
participants, meeting requests, scheduling and late changes; `outcomes` — attendance and
what came of a meeting.
"""
