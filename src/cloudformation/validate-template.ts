import { type CloudFormationClient, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../lifecycle/deployment-error.js';
import { TEMPLATE_BODY_LIMIT } from './template-location.js';

/**
 * Asks CloudFormation whether a template is valid. A template too large to send inline is checked
 * by CloudFormation when its change set is created, after the template asset is uploaded.
 */
export async function validateTemplate(
  client: CloudFormationClient,
  stackName: string,
  body: string,
): Promise<'valid' | 'deferred'> {
  if (Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT) return 'deferred';
  try {
    await client.send(new ValidateTemplateCommand({ TemplateBody: body }));
    return 'valid';
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') {
      throw new DeploymentError(
        `Stack ${stackName}: CloudFormation rejects the template: ${(error as Error).message}`,
        { stack: stackName, cause: error },
      );
    }
    throw error;
  }
}
