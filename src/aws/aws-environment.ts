import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
  doesIdentityRequireRefresh,
  isIdentityExpired,
  memoizeIdentityProvider,
} from '@smithy/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { StackEnvironment } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import { CALL_NAMES, nameFailedAttempts } from './call-names.js';
import {
  DEFAULT_RETRY_RUNTIME,
  RETRY_POLICY,
  sdkRetrySettings,
  type RetryLog,
  type SdkRetrySettings,
} from './retry-policy.js';
import { isUnreachable } from './unreachable-endpoint.js';

export interface ResolvedEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

/** Fills `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` as the CDK CLI does. */
export function fillPlaceholders(value: string, env: ResolvedEnvironment): string {
  return value
    .replaceAll('${AWS::AccountId}', env.account)
    .replaceAll('${AWS::Region}', env.region)
    .replaceAll('${AWS::Partition}', env.partition);
}

export interface ClientSettings extends Partial<SdkRetrySettings> {
  readonly region: string;
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
}

/** A role of the bootstrap stack that a stack names in the manifest. */
export interface RoleReference {
  readonly environment: StackEnvironment;
  readonly roleArn: string | undefined;
  readonly externalId?: string;
}

/** The deploy role a stack's manifest names (`assumeRoleArn`), which its operations are made as. */
export function deployRoleOf(stack: {
  readonly environment: StackEnvironment;
  readonly assumeRoleArn?: string;
  readonly assumeRoleExternalId?: string;
}): RoleReference {
  return {
    environment: stack.environment,
    roleArn: stack.assumeRoleArn,
    ...(stack.assumeRoleExternalId ? { externalId: stack.assumeRoleExternalId } : {}),
  };
}

/** The read-only role a stack's manifest names (`lookupRole`), which reads of it are made as. */
export function lookupRoleOf(stack: {
  readonly environment: StackEnvironment;
  readonly lookupRoleArn?: string;
  readonly lookupRoleExternalId?: string;
}): RoleReference {
  return {
    environment: stack.environment,
    roleArn: stack.lookupRoleArn,
    ...(stack.lookupRoleExternalId ? { externalId: stack.lookupRoleExternalId } : {}),
  };
}

/** Where, and as whom, calls for a stack go. */
export interface RoleTarget {
  readonly env: ResolvedEnvironment;
  readonly settings: ClientSettings;
}

/**
 * Turns a stack's `aws://account/region` into a concrete one, as `cdk deploy` does for
 * environment-agnostic stacks: the account of the credentials and the configured region.
 */
export class AwsEnvironments {
  private callerAccount: Promise<string> | undefined;
  private readonly roleCredentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly roleTargets = new Map<string, Promise<RoleTarget>>();
  private readonly readTargets = new Map<string, Promise<RoleTarget>>();

  constructor(
    private readonly defaultRegion: string | null,
    readonly maxAttempts = 8,
    /** Where the clients' retries are logged. */
    readonly retryLog: RetryLog = DEFAULT_RETRY_RUNTIME.log,
  ) {}

  /** Retries bounded, with backoff and jitter, and logged; a new retry quota for each call. */
  retrySettings(): SdkRetrySettings {
    return sdkRetrySettings(this.retryLog, { ...RETRY_POLICY, maxAttempts: this.maxAttempts });
  }

  async resolve(env: StackEnvironment): Promise<ResolvedEnvironment> {
    const region = env.region === 'unknown-region' ? this.defaultRegion : env.region;
    if (!region) {
      throw new DeploymentError(
        "No AWS region: set the input 'region', or AWS_REGION (aws-actions/configure-aws-credentials sets it with 'aws-region').",
      );
    }
    const account =
      env.account === 'unknown-account' ? await this.accountOfCredentials(region) : env.account;
    return { account, region, ...partitionOf(region) };
  }

  accountOfCredentials(region: string): Promise<string> {
    this.callerAccount ??= (async () => {
      const sts = nameFailedAttempts(new STSClient({ region, ...this.retrySettings() }));
      try {
        const identity = await sts.send(new GetCallerIdentityCommand({}));
        if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
        return identity.Account;
      } catch (error) {
        if (isUnreachable(error)) {
          throw new DeploymentError((error as Error).message, { cause: error });
        }
        throw new DeploymentError(
          `No usable AWS credentials (STS GetCallerIdentity: ${(error as Error).message}). Configure them before this step, e.g. with aws-actions/configure-aws-credentials.`,
          { cause: error },
        );
      } finally {
        sts.destroy();
      }
    })();
    return this.callerAccount;
  }

  /** Client settings for a role of the bootstrap stack, or the current credentials without one. */
  clientSettings(
    env: ResolvedEnvironment,
    roleArn: string | undefined,
    externalId?: string,
  ): ClientSettings {
    if (!roleArn) return { region: env.region, ...this.retrySettings() };
    const role = fillPlaceholders(roleArn, env);
    const key = `${env.region}|${role}|${externalId ?? ''}`;
    // One session per role for the whole run, refreshed before it expires: not one per stack.
    let credentials = this.roleCredentials.get(key);
    if (!credentials) {
      credentials = memoizeIdentityProvider(
        fromTemporaryCredentials({
          params: {
            RoleArn: role,
            RoleSessionName: `cdk-deploy-action-${Date.now()}`,
            ...(externalId ? { ExternalId: externalId } : {}),
          },
          clientConfig: { region: env.region, ...this.retrySettings() },
          clientPlugins: [CALL_NAMES],
        }),
        isIdentityExpired,
        doesIdentityRequireRefresh,
      ) as AwsCredentialIdentityProvider;
      this.roleCredentials.set(key, credentials);
    }
    return { region: env.region, credentials, ...this.retrySettings() };
  }

  /**
   * The role assumed as `cdk deploy` assumes the deploy role; when it cannot be assumed, the
   * current credentials, with one warning per role for the run, as the CLI does.
   */
  roleTarget(role: RoleReference, warn: (message: string) => void): Promise<RoleTarget> {
    const key = [environmentKey(role.environment), role.roleArn ?? '', role.externalId ?? ''].join(
      '|',
    );
    let target = this.roleTargets.get(key);
    if (!target) {
      target = this.assumeOrFallBack(role, warn);
      this.roleTargets.set(key, target);
      // A failed resolution is not kept: the next stack tries again and reports its own error.
      target.catch(() => {
        if (this.roleTargets.get(key) === target) this.roleTargets.delete(key);
      });
    }
    return target;
  }

  /**
   * Where, and as whom, a stack's resources are read, as the CDK CLI reads: the lookup role, then
   * the deploy role, then (with a warning) the current credentials. A stack in another account is
   * read in that account, not with the job's own credentials.
   */
  readTarget(
    stack: Parameters<typeof lookupRoleOf>[0] & Parameters<typeof deployRoleOf>[0],
    warn: (message: string) => void,
  ): Promise<RoleTarget> {
    const key = [
      environmentKey(stack.environment),
      stack.lookupRoleArn ?? '',
      stack.assumeRoleArn ?? '',
    ].join('|');
    let target = this.readTargets.get(key);
    if (!target) {
      target = this.lookupOrDeployRole(stack, warn);
      this.readTargets.set(key, target);
      target.catch(() => {
        if (this.readTargets.get(key) === target) this.readTargets.delete(key);
      });
    }
    return target;
  }

  private async lookupOrDeployRole(
    stack: Parameters<typeof lookupRoleOf>[0] & Parameters<typeof deployRoleOf>[0],
    warn: (message: string) => void,
  ): Promise<RoleTarget> {
    const lookup = lookupRoleOf(stack);
    if (lookup.roleArn) {
      const env = await this.resolve(stack.environment);
      const settings = this.clientSettings(env, lookup.roleArn, lookup.externalId);
      try {
        await settings.credentials?.();
        return { env, settings };
      } catch {
        // As the CLI: a lookup role that cannot be assumed falls back to the deploy role.
      }
    }
    return this.roleTarget(deployRoleOf(stack), warn);
  }

  private async assumeOrFallBack(
    role: RoleReference,
    warn: (message: string) => void,
  ): Promise<RoleTarget> {
    const env = await this.resolve(role.environment);
    const settings = this.clientSettings(env, role.roleArn, role.externalId);
    if (!settings.credentials) return { env, settings };
    try {
      await settings.credentials();
      return { env, settings };
    } catch (error) {
      warn(
        `Could not assume the deploy role ${role.roleArn ?? ''} (${(error as Error).message}); using the current credentials. Bootstrap the environment with 'cdk bootstrap --trust' for the account that runs this workflow.`,
      );
      return { env, settings: this.clientSettings(env, undefined) };
    }
  }
}

function environmentKey(env: StackEnvironment): string {
  return `${env.account}/${env.region}`;
}
