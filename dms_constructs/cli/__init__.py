"""The `dms-constructs` command: checks on synthesized cloud assemblies that need no CDK app, no AWS
account and no jsii (nothing here imports aws_cdk).

- `dms-constructs guard BEFORE AFTER`: what deploying AFTER over BEFORE would replace or delete among
  the DMS resources and the secrets and keys they use (exit 1), and what it updates in place (info).
- `dms-constructs baseline CDK_OUT DEST`: write the reduced assembly that `guard` compares against.
"""
