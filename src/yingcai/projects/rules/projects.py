"""Rules about projects, their teams and business plans."""
