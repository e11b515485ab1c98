"""The support plan pages: a member's plans, one plan with its comments and planning sessions,
editing a section, sharing, and the clean copies to print or download."""
