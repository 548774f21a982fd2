"""What CloudFormation cannot do by itself, as custom resources on CDK's Provider framework, each in its
own module with its Lambda handler beside it."""
