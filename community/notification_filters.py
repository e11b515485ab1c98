"""Who should not hear from whom: apps above the base (safety's blocks) register filters here.

Being built (issue 10).
"""
