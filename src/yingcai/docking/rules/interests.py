"""Rules about interest between projects and organisations, and outcomes of meetings."""
