"""Every change to projects and demands: one function per state change (docs/architecture.md).

`projects` — a project, its team, its business plan and who it is shared with;
`demands` — an organisation's project demands and their approval.
"""
