"""Rules about project demands."""
