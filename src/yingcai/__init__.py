"""Yingcai (英才): a platform that runs a large talent conference end to end."""

__version__ = "0.1.0"
