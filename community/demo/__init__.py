"""A believable demo community (organisations, trained volunteers, members) for trying Alongside."""
