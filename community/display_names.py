"""Display names may not claim a role or authority the person does not hold.

Being built (issue 10).
"""
