// Removes every rule from a VPC's default security group, so that nothing placed in it by mistake
// can talk to anything (the "VPC default security group closed" control). Runs behind a CDK
// CustomResourceProvider, whose entry point answers CloudFormation: this function only does the work.
'use strict';

const NOT_FOUND = 'InvalidPermission.NotFound';

async function revoke(call) {
  try {
    await call();
  } catch (error) {
    // Already revoked: a retry, an update, or someone closed it by hand.
    if (error.name !== NOT_FOUND && error.Code !== NOT_FOUND && error.code !== NOT_FOUND) throw error;
  }
}

async function restrict(ec2, event) {
  if (event.RequestType === 'Delete') return {};
  const groupId = event.ResourceProperties.DefaultSecurityGroupId;
  const account = event.ResourceProperties.Account;
  await revoke(() => ec2.revokeSecurityGroupIngress({
    GroupId: groupId,
    IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId, UserId: account }] }],
  }));
  await revoke(() => ec2.revokeSecurityGroupEgress({
    GroupId: groupId,
    IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  }));
  return { PhysicalResourceId: groupId };
}

exports.restrict = restrict;
exports.handler = async (event) => {
  const { EC2 } = require('@aws-sdk/client-ec2'); // in the Lambda Node.js runtime
  return restrict(new EC2({}), event);
};
