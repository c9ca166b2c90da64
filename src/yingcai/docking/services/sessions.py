"""Docking sessions, participants, meeting requests, scheduling and late changes."""
