"""Forum shapes for the API: what each viewer may see, as the forum selectors present it."""
