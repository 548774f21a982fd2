"""The reference CDK app: per-environment configs, stages and stacks composing migration waves."""
