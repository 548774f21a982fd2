"""The pre-migration assessment handler (`handler.py`): this directory is the Lambda asset; only `handler.py` is packaged."""
