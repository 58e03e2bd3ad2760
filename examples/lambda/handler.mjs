// Demo handler: records a request in the table and forwards it to the queue.
// The AWS SDK v3 is part of the Node.js Lambda runtime, so the asset needs no node_modules.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});

export async function handler(event) {
  const id = event?.id ?? `req-${Date.now()}`;
  await dynamodb.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { pk: { S: id }, receivedAt: { S: new Date().toISOString() } },
    }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.QUEUE_URL,
      MessageBody: JSON.stringify({ id }),
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ id }) };
}
