import type { RoleTarget } from '../aws/aws-environment.js';
import type { ChangeSetGates, DeployedStack } from '../cloudformation/engine.js';
import { MAX_ROLLBACK_TRIGGERS } from '../cloudformation/change-set-options.js';
import { DeploymentError } from '../errors.js';
import { cloudWatchAlarms, type AlarmSource } from '../gates/alarm-source.js';
import { describeFiring, resolveAlarms, type GateAlarms } from '../gates/resolve-alarms.js';
import type { Settings } from '../settings/settings.js';
import type { DeploymentRun, StackWork } from './deployment-run.js';
import type { RunScope } from './mode.js';
import { checkDrift } from './drift-check.js';

/** The release gates of one run: the alarms found, where each stack's alarms live. */
export interface GateState {
  readonly alarms: GateAlarms;
  /** One CloudWatch source per environment of the selected stacks. */
  readonly sources: ReadonlyMap<string, AlarmSource>;
  /** `aws://account/region` of each stack, by the Stack entity's id. */
  readonly environmentOf: ReadonlyMap<string, string>;
}

const states = new WeakMap<DeploymentRun, GateState>();

/** The run's gate state, once prepared; undefined for a run without alarms. */
export function gateState(run: DeploymentRun): GateState | undefined {
  return states.get(run);
}

/** CloudFormation's monitoring window holds at most 180 minutes. */
const MAX_MONITORING_MINUTES = 180;
/** Room for the checks before the bake starts, in the monitoring window. */
const VERIFY_MARGIN_MINUTES = 1;

async function prepareAlarms(scope: RunScope): Promise<void> {
  const { run, settings, context, work } = scope;
  const targets = new Map<string, RoleTarget>();
  const environmentOf = new Map<string, string>();
  for (const { stack, artifact } of work) {
    const target = await context.environments.readTarget(artifact, (message) =>
      run.deployment.log('warning', message, { stack: stack.name }),
    );
    const environment = `aws://${target.env.account}/${target.env.region}`;
    environmentOf.set(stack.id, environment);
    if (!targets.has(environment)) targets.set(environment, target);
  }
  const sources = await Promise.all(
    [...targets].map(([environment, target]) =>
      cloudWatchAlarms({ environment, settings: target.settings }),
    ),
  );
  const bySource = new Map(sources.map((s) => [s.environment, s]));
  let alarms: GateAlarms;
  try {
    alarms = await resolveAlarms(settings.alarms, sources);
  } catch (error) {
    sources.forEach((s) => s.destroy());
    throw error;
  }
  states.set(run, { alarms, sources: bySource, environmentOf });
  for (const [environment, list] of alarms.byEnvironment) {
    run.deployment.log(
      'info',
      `Release gate in ${environment}: ${list.map((a) => `${a.name} (${a.state})`).join(', ')}`,
    );
    if (list.length > MAX_ROLLBACK_TRIGGERS) {
      run.deployment.log(
        'warning',
        `${list.length} alarms in ${environment}: CloudFormation takes at most ${MAX_ROLLBACK_TRIGGERS} rollback triggers per stack, so its stacks get none; the run still watches all of them`,
      );
    }
  }
  const firing = describeFiring(alarms.all);
  if (firing.length > 0) {
    throw new DeploymentError(
      `Alarm(s) already in ALARM before deploying, so nothing was deployed: ${firing.join('; ')}. Deploy once the alarms are OK.`,
    );
  }
}

/**
 * Before any stack starts (the deploy mode's prepare): the alarms looked up in the stacks'
 * environments (a missing one is an input error, one in ALARM stops the run), then, with
 * `drift: fail`, drift detection on every existing selected stack.
 */
export async function prepareGates(scope: RunScope): Promise<void> {
  const { settings } = scope;
  if (settings.alarms.length === 0 && settings.drift !== 'fail') return;
  await scope.inPhase('Release gates', async () => {
    if (settings.alarms.length > 0) await prepareAlarms(scope);
    if (settings.drift === 'fail') await checkDrift(scope);
  });
}

/** Closes the CloudWatch clients of the run's gates. */
export function closeGates(run: DeploymentRun): void {
  states.get(run)?.sources.forEach((source) => source.destroy());
}

function hasDependants(work: StackWork, scope: RunScope): boolean {
  return scope.work.some((other) => other.artifact.dependencies.includes(work.artifact.id));
}

/**
 * The change-set fields the gates give one stack: its environment's alarms as rollback triggers
 * (none past five), and a monitoring window covering the checks and the bake, for a stack no
 * other stack of the run depends on (a dependant would wait for, or import from, a stack that
 * stays UPDATE_IN_PROGRESS for the whole window). Undefined when no gate is set.
 */
export function gatesFor(work: StackWork, scope: RunScope): ChangeSetGates | undefined {
  const { settings, run } = scope;
  if (settings.alarms.length === 0 && !settings.express && settings.drift !== 'revert') {
    return undefined;
  }
  const state = states.get(run);
  const environment = state?.environmentOf.get(work.stack.id) ?? '';
  const alarms = state?.alarms.byEnvironment.get(environment) ?? [];
  const triggers = alarms.length <= MAX_ROLLBACK_TRIGGERS ? alarms : [];
  const monitoringMinutes =
    settings.bakeTimeMs > 0 && !hasDependants(work, scope)
      ? Math.min(
          MAX_MONITORING_MINUTES,
          Math.ceil(settings.bakeTimeMs / 60_000) + VERIFY_MARGIN_MINUTES,
        )
      : 0;
  return {
    rollbackTriggers: triggers.map((a) => ({
      arn: a.arn,
      type: a.kind === 'composite' ? 'AWS::CloudWatch::CompositeAlarm' : 'AWS::CloudWatch::Alarm',
    })),
    monitoringMinutes,
    express: settings.express,
    revertDrift: settings.drift === 'revert',
  };
}

/**
 * What a plan's change sets carry, so that the plan shows what the deploy would do: drift
 * reverting and express mode (the alarms only matter when a change set executes).
 */
export function planGates(settings: Settings): ChangeSetGates | undefined {
  if (!settings.express && settings.drift !== 'revert') return undefined;
  return {
    rollbackTriggers: [],
    monitoringMinutes: 0,
    express: settings.express,
    revertDrift: settings.drift === 'revert',
  };
}

/** Keeps on the stack that its update is verified inside CloudFormation's monitoring window. */
export function noteMonitoringWindow(work: StackWork, deployed: DeployedStack): void {
  work.stack.monitoringUntil = deployed.monitoringUntil ?? null;
}
