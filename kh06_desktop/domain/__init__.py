"""Pure rules: Vietnamese text, validation, periods and indicator maths. No Qt, no SQLAlchemy."""
