"""How often one person may do each thing: one definition (settings.RATE_LIMITS) for every door.

Being built (issue 10): see /tmp/briefs/contract.md.
"""
