"""The classifier's one error type."""


class SchemaError(ValueError):
    """A schema document is malformed, nested too deeply, or uses a construct the classifier
    cannot follow."""
