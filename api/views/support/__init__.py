"""The connecting-people API: the directory, support requests, "My help", the organisation view
and support plans."""
