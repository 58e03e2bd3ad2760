import type {
  FinalizeHandlerArguments,
  MetadataBearer,
  MiddlewareStack,
  Pluggable,
} from '@smithy/types';

/** Any SDK v3 client. */
export interface NameableClient {
  readonly middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'use'>;
}

const names = new WeakMap<object, string>();

/** `CloudFormation DescribeStacks` from `CloudFormationClient` and `DescribeStacksCommand`. */
export function callName(clientName: string | undefined, commandName: string | undefined): string {
  const service = (clientName ?? 'AWS').replace(/Client$/, '');
  const operation = (commandName ?? 'call').replace(/Command$/, '');
  return `${service} ${operation}`;
}

/** The service of an SDK service error, from its class (`CloudFormationServiceException`). */
function serviceOf(error: object): string | undefined {
  for (
    let proto: unknown = Object.getPrototypeOf(error);
    proto;
    proto = Object.getPrototypeOf(proto)
  ) {
    const match = /^(\w+)ServiceException$/.exec(
      (proto as { constructor?: { name?: string } }).constructor?.name ?? '',
    );
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The call an attempt failed in, when its client had {@link CALL_NAMES}; otherwise the service of
 * a service error (`CloudFormation call`), or `AWS call`.
 */
export function callNameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'AWS call';
  return names.get(error) ?? `${serviceOf(error) ?? 'AWS'} call`;
}

/**
 * Remembers which call each failed attempt belongs to, so the retry strategy (which the SDK tells
 * only the error) can name it. It runs inside the retry loop, once per attempt.
 */
export const CALL_NAMES: Pluggable<object, MetadataBearer> = {
  applyToStack: (stack) =>
    stack.add(
      (next, context) => async (args: FinalizeHandlerArguments<object>) => {
        try {
          return await next(args);
        } catch (error) {
          if (typeof error === 'object' && error !== null) {
            names.set(error, callName(context.clientName, context.commandName));
          }
          throw error;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'cdkDeployActionCallName', override: true },
    ),
};

/** The client, with {@link CALL_NAMES}. */
export function nameFailedAttempts<C extends NameableClient>(client: C): C {
  client.middlewareStack.use(CALL_NAMES);
  return client;
}
