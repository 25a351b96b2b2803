"""The one error type of analysis/ for a wrong spec or a spec/panel mismatch."""


class SpecError(ValueError):
    """A spec field is missing or wrong, or names a column the panel lacks; the message says where."""
