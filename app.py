#!/usr/bin/env python3
"""Reference app: `cdk synth` builds every environment; `cdk synth -c env=prod` only prod."""

from stacks.reference_app import build_reference_app, create_app

app = create_app()
build_reference_app(app)
app.synth()
