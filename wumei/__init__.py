"""Wumei (五每): key-project dispatch for county governments."""
