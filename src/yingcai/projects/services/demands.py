"""An organisation's project demands and their approval."""
