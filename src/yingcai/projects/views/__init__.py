"""The pages of projects and demands, one module per audience and subject.

`team` — a talent's own projects, their team, business plan and sharing; `project` — a
project's public page; `orga_projects` — the organisers' verification queue.
"""
