/**
 * Resource types that take tags, each with the property its tags are declared in (`Tags` unless
 * noted). CloudFormation propagates stack-level tags to them. Types outside this list count as
 * taggable only when their template declares `Tags`; this keeps out what cannot be tagged
 * (AWS::CDK::Metadata, AWS::IAM::Policy, AWS::Lambda::Permission, bucket and queue policies,
 * routes, attachments...).
 */
const TAG_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::ApiGateway::RestApi': 'Tags',
  'AWS::ApiGateway::Stage': 'Tags',
  'AWS::ApiGatewayV2::Api': 'Tags',
  'AWS::ApiGatewayV2::Stage': 'Tags',
  'AWS::AppSync::GraphQLApi': 'Tags',
  'AWS::AutoScaling::AutoScalingGroup': 'Tags',
  'AWS::Backup::BackupVault': 'BackupVaultTags',
  'AWS::CertificateManager::Certificate': 'Tags',
  'AWS::CloudFront::Distribution': 'Tags',
  'AWS::CloudTrail::Trail': 'Tags',
  'AWS::CloudWatch::Alarm': 'Tags',
  'AWS::CodeBuild::Project': 'Tags',
  'AWS::CodePipeline::Pipeline': 'Tags',
  'AWS::Cognito::UserPool': 'UserPoolTags',
  'AWS::DynamoDB::Table': 'Tags',
  'AWS::EC2::CustomerGateway': 'Tags',
  'AWS::EC2::EIP': 'Tags',
  'AWS::EC2::Instance': 'Tags',
  'AWS::EC2::InternetGateway': 'Tags',
  'AWS::EC2::NatGateway': 'Tags',
  'AWS::EC2::NetworkAcl': 'Tags',
  'AWS::EC2::NetworkInterface': 'Tags',
  'AWS::EC2::RouteTable': 'Tags',
  'AWS::EC2::SecurityGroup': 'Tags',
  'AWS::EC2::Subnet': 'Tags',
  'AWS::EC2::TransitGateway': 'Tags',
  'AWS::EC2::Volume': 'Tags',
  'AWS::EC2::VPC': 'Tags',
  'AWS::EC2::VPNGateway': 'Tags',
  'AWS::ECR::Repository': 'Tags',
  'AWS::ECS::Cluster': 'Tags',
  'AWS::ECS::Service': 'Tags',
  'AWS::ECS::TaskDefinition': 'Tags',
  'AWS::EFS::FileSystem': 'FileSystemTags',
  'AWS::EKS::Cluster': 'Tags',
  'AWS::ElastiCache::ReplicationGroup': 'Tags',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Tags',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'Tags',
  'AWS::Events::EventBus': 'Tags',
  'AWS::IAM::Role': 'Tags',
  'AWS::IAM::User': 'Tags',
  'AWS::Kinesis::Stream': 'Tags',
  'AWS::KinesisFirehose::DeliveryStream': 'Tags',
  'AWS::KMS::Key': 'Tags',
  'AWS::Lambda::Function': 'Tags',
  'AWS::Logs::LogGroup': 'Tags',
  'AWS::OpenSearchService::Domain': 'Tags',
  'AWS::RDS::DBCluster': 'Tags',
  'AWS::RDS::DBClusterParameterGroup': 'Tags',
  'AWS::RDS::DBInstance': 'Tags',
  'AWS::RDS::DBParameterGroup': 'Tags',
  'AWS::RDS::DBSubnetGroup': 'Tags',
  'AWS::Route53::HostedZone': 'HostedZoneTags',
  'AWS::S3::Bucket': 'Tags',
  'AWS::SecretsManager::Secret': 'Tags',
  'AWS::SNS::Topic': 'Tags',
  'AWS::SQS::Queue': 'Tags',
  'AWS::SSM::Parameter': 'Tags',
  'AWS::StepFunctions::StateMachine': 'Tags',
};

/** Declared `Tags` do not make these taggable: their properties are the provider's own. */
function isCustomResource(resourceType: string): boolean {
  return (
    resourceType.startsWith('Custom::') || resourceType === 'AWS::CloudFormation::CustomResource'
  );
}

/** The property a resource's tags are declared in, or null when the resource takes no tags. */
export function tagProperty(
  resourceType: string,
  properties: Readonly<Record<string, unknown>> | undefined,
): string | null {
  const known = TAG_PROPERTY[resourceType];
  if (known) return known;
  if (isCustomResource(resourceType)) return null;
  return properties !== undefined && Object.hasOwn(properties, 'Tags') ? 'Tags' : null;
}

/** The resource type takes tags (by the list; a template declaring `Tags` is asked separately). */
export function isTaggableType(resourceType: string): boolean {
  return Object.hasOwn(TAG_PROPERTY, resourceType);
}
