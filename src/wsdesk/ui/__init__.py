"""Thin PyQt6 views bound to wsdesk's view-models."""
