"""The union groups area."""
