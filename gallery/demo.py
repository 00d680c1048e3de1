"""Demonstration content for this app (called by `manage.py load_demo_content`)."""


def load():
    """Add this app's demo content to an empty database; return True if anything was added."""
    return False
