"""The preflight handlers of a wave (connection tests, pre-migration assessments): this directory is the
Lambda asset (`handler.py` dispatches by resource type to `connection_test.py` and `assessment.py`)."""
