"""A project, its team, its business plan and who it is shared with."""
