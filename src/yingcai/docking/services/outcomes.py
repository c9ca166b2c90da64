"""Attendance of meetings and what came of them."""
