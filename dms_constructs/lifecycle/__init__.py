"""Lifecycle actions on DMS resources that CloudFormation cannot perform, as custom resources on CDK's
Provider framework. Each handler lives in its own directory, which is the function's whole asset."""
