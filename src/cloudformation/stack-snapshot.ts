import {
  type CloudFormationClient,
  GetTemplateCommand,
  type Parameter,
  type Stack as CfnStack,
  type Tag,
} from '@aws-sdk/client-cloudformation';

/** A stack as it was before this run changed it: what rolling back puts back. */
export interface StackSnapshot {
  readonly existed: boolean;
  readonly stackId: string | null;
  readonly status: string | null;
  readonly templateBody: string | null;
  readonly parameters: readonly Parameter[];
  readonly tags: readonly Tag[];
  /** The SNS topics the stack notified; optional so checkpoints written before it still read. */
  readonly notificationArns?: readonly string[];
  readonly capturedAt: string;
}

export const NO_STACK_BEFORE: Omit<StackSnapshot, 'capturedAt'> = {
  existed: false,
  stackId: null,
  status: null,
  templateBody: null,
  parameters: [],
  tags: [],
  notificationArns: [],
};

/** Captures the template (as submitted, `Original`), parameters, tags and status of a stack. */
export async function captureSnapshot(
  client: CloudFormationClient,
  existing: CfnStack | undefined,
): Promise<StackSnapshot> {
  const capturedAt = new Date().toISOString();
  if (!existing || existing.StackStatus === 'REVIEW_IN_PROGRESS') {
    return { ...NO_STACK_BEFORE, capturedAt };
  }
  const template = await client.send(
    new GetTemplateCommand({ StackName: existing.StackId, TemplateStage: 'Original' }),
  );
  return {
    existed: true,
    stackId: existing.StackId ?? null,
    status: existing.StackStatus ?? null,
    templateBody: template.TemplateBody ?? null,
    parameters: (existing.Parameters ?? []).map((p) => ({
      ParameterKey: p.ParameterKey,
      ParameterValue: p.ParameterValue,
    })),
    tags: existing.Tags ?? [],
    notificationArns: existing.NotificationARNs ?? [],
    capturedAt,
  };
}
