"""The connection-test handler (`handler.py`): this directory is the Lambda asset; only `handler.py` is packaged."""
