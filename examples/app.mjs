// Example CDK app for the README and `npm run demo`: three environment-agnostic stacks.
//   DemoData  - DynamoDB table + encrypted S3 bucket
//   DemoQueue - SQS queue (with a dead-letter queue) + SNS topic
//   DemoApi   - Lambda function (asset from ./lambda) + IAM role; reads the table and the queue
//               through cross-stack references, so it depends on both other stacks.
import { fileURLToPath } from 'node:url';
import { App, CfnOutput, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

class DemoDataStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    this.table = new dynamodb.Table(this, 'Requests', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const bucket = new s3.Bucket(this, 'Reports', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Name of the requests table',
      exportName: 'DemoData-TableName',
    });
    new CfnOutput(this, 'BucketName', {
      value: bucket.bucketName,
      description: 'Bucket for generated reports',
    });
  }
}

class DemoQueueStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    const deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Work', {
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    const topic = new sns.Topic(this, 'Notifications', { displayName: 'Demo notifications' });

    new CfnOutput(this, 'QueueUrl', {
      value: this.queue.queueUrl,
      description: 'URL of the work queue',
      exportName: 'DemoQueue-QueueUrl',
    });
    new CfnOutput(this, 'TopicArn', { value: topic.topicArn });
  }
}

class DemoApiStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { table, queue } = props;

    const role = new iam.Role(this, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the demo API function',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ],
      inlinePolicies: {
        data: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
              resources: [table.tableArn],
            }),
            new iam.PolicyStatement({
              actions: ['sqs:SendMessage'],
              resources: [queue.queueArn],
            }),
          ],
        }),
      },
    });

    const fn = new lambda.Function(this, 'ApiFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'handler.handler',
      code: lambda.Code.fromAsset(fileURLToPath(new URL('./lambda', import.meta.url))),
      role,
      memorySize: 128,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        QUEUE_URL: queue.queueUrl,
      },
    });

    new CfnOutput(this, 'ApiFunctionName', {
      value: fn.functionName,
      description: 'Name of the demo API function',
    });
    new CfnOutput(this, 'ApiFunctionArn', {
      value: fn.functionArn,
      exportName: 'DemoApi-FunctionArn',
    });
  }
}

// Tags for every resource. With the `@aws-cdk/core:explicitStackTags` flag (cdk.json) `Tags.of()`
// no longer sets the stacks' own tags, so the stacks also get them explicitly through `tags`.
const tags = { owner: 'platform-team', 'cost-center': 'cc-1234' };

const app = new App();

const data = new DemoDataStack(app, 'DemoData', {
  description: 'Demo app: data stores (table and bucket)',
  tags,
});
const queue = new DemoQueueStack(app, 'DemoQueue', {
  description: 'Demo app: work queue and notifications',
  tags,
});
new DemoApiStack(app, 'DemoApi', {
  description: 'Demo app: API function',
  tags,
  table: data.table,
  queue: queue.queue,
});

for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);

app.synth();
