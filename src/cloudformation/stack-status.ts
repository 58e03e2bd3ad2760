/** What a CloudFormation stack status means to a deployment. */
export type StatusClass = 'in-progress' | 'succeeded' | 'failed' | 'deleted' | 'review';

export function classifyStatus(status: string): StatusClass {
  if (status === 'REVIEW_IN_PROGRESS') return 'review';
  if (status === 'DELETE_COMPLETE') return 'deleted';
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (
    status === 'CREATE_COMPLETE' ||
    status === 'UPDATE_COMPLETE' ||
    status === 'IMPORT_COMPLETE'
  ) {
    return 'succeeded';
  }
  return 'failed';
}

/** A create that rolled back leaves a stack that can only be deleted before it is created again. */
export function needsRecreate(status: string): boolean {
  return (
    status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED'
  );
}

/** Statuses in which a stack can take a change set. */
export function isUpdatable(status: string): boolean {
  const kind = classifyStatus(status);
  return (
    kind === 'succeeded' ||
    status === 'UPDATE_ROLLBACK_COMPLETE' ||
    status === 'IMPORT_ROLLBACK_COMPLETE'
  );
}
