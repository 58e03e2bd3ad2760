export const DEPLOYMENT_STATUSES = [
  'pending',
  'synthesizing',
  'deploying',
  'verifying',
  'completed',
  'failed',
  'rolled_back',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const STACK_STATUSES = [
  'pending',
  'synthesizing',
  'deploying',
  'deployed',
  'failed',
] as const;
export type StackStatus = (typeof STACK_STATUSES)[number];

export const RESOURCE_STATUSES = ['creating', 'available', 'failed'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/**
 * The seed's "any -> failed" is read as: from every state that is not already an end of the
 * lifecycle. A completed deployment has been reported as such and cannot fail afterwards.
 */
export const DEPLOYMENT_TRANSITIONS: TransitionTable<DeploymentStatus> = {
  pending: ['synthesizing', 'failed'],
  synthesizing: ['deploying', 'failed'],
  deploying: ['verifying', 'failed'],
  verifying: ['completed', 'failed'],
  completed: [],
  failed: ['rolled_back'],
  rolled_back: [],
};

/** A deployed stack can still fail: its verification runs after it is deployed. */
export const STACK_TRANSITIONS: TransitionTable<StackStatus> = {
  pending: ['synthesizing', 'failed'],
  synthesizing: ['deploying', 'failed'],
  deploying: ['deployed', 'failed'],
  deployed: ['failed'],
  failed: [],
};

export const RESOURCE_TRANSITIONS: TransitionTable<ResourceStatus> = {
  creating: ['available', 'failed'],
  available: [],
  failed: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${entity} cannot go from '${from}' to '${to}'`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  entity: string,
  from: S,
  to: S,
): void {
  if (!table[from].includes(to)) throw new IllegalTransitionError(entity, from, to);
}
