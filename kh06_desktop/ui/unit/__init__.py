"""The unit area: first-start set-up and the unit page (profile, workforce per period)."""
