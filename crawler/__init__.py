"""What a logged-out stranger can see on a profile: its state and its images.

Knows nothing of faces, Flask or the database (DESIGN.md).
"""
