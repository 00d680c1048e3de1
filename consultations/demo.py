"""Demonstration content for the consultations app: deliberately none.

Consultation requests are health information. Sample requests in the staff inbox would look like
real patients' messages, could be mistaken for them, and would have to be told apart from real ones
when the site goes live, so the demo ships with an empty inbox. The staff groups ("Front desk",
"Content editor") are not demo content: a data migration creates them on every database.
"""


def load():
    """Add nothing and return False (see the module docstring for why)."""
    return False
