import { type CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationTemplate, StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import { describeStack } from './describe-stack.js';
import { parseTemplate } from './plan-stack.js';

/**
 * The template the stack has now, as it was submitted (`Original`); null when there is no stack
 * (or only one in review, which has no resources). Read only: nothing is changed.
 */
export async function deployedTemplate(
  client: CloudFormationClient,
  artifact: StackArtifact,
): Promise<CloudFormationTemplate | null> {
  const stack = await describeStack(client, artifact.stackName);
  if (!stack || stack.StackStatus === 'REVIEW_IN_PROGRESS') return null;
  const answer = await client.send(
    new GetTemplateCommand({ StackName: stack.StackId, TemplateStage: 'Original' }),
  );
  const template = parseTemplate(answer.TemplateBody);
  if (!template) {
    throw new DeploymentError(
      `Stack ${artifact.stackName}: its deployed template is not JSON, so it cannot be compared for review.`,
      { stack: artifact.stackName },
    );
  }
  return template;
}
