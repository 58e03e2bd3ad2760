import type { StagedDeploy } from '../cloudformation/engine.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import {
  exportedNames,
  exportUnchanged,
  importedExports,
  readsParametersAtChangeSet,
} from '../plan/known-inputs.js';
import type { Limiter } from '../util/limiter.js';
import type { StackWork } from './deployment-run.js';

/** Makes one stack's change set; tells its previous state as soon as it is captured. */
export type StageOne = (
  work: StackWork,
  onSnapshot: (snapshot: StackSnapshot) => void,
) => Promise<StagedDeploy>;

/** Reads a stack's deployed template (null when there is none), changing nothing. */
export type ReadDeployed = (work: StackWork) => Promise<CloudFormationTemplate | null>;

interface Entry {
  readonly work: StackWork;
  readonly snapshot: Promise<StackSnapshot | null>;
  readonly tellSnapshot: (snapshot: StackSnapshot | null) => void;
  /** The change set made ahead; null when the stack's inputs were not known in advance. */
  staged: Promise<StagedDeploy | null>;
  taken: boolean;
}

function parseTemplate(body: string | null): CloudFormationTemplate | null {
  if (!body) return null;
  try {
    return JSON.parse(body) as CloudFormationTemplate;
  } catch {
    return null; // a YAML template deployed by hand: its exports cannot be compared
  }
}

/**
 * Change sets made as soon as the run starts, for every stack whose inputs are known: each
 * `Fn::ImportValue` names an export of a stack outside the run, or of a stack of the run whose
 * update provably keeps that export's value (see known-inputs.ts). A stack that reads SSM
 * parameters when its change set is made, and depends on a stack of the run, waits too. The
 * others get their change set when their step comes (`take` answers null). At most `limit`
 * change sets are made at once, in the run's order.
 */
export class StagingAhead {
  private readonly entries = new Map<string, Entry>();
  private readonly exporters = new Map<string, string>();
  private readonly ancestors = new Map<string, Set<string>>();
  private readonly deployedReads = new Map<string, Promise<CloudFormationTemplate | null>>();
  private stopped = false;

  constructor(
    work: readonly StackWork[],
    private readonly stageOne: StageOne,
    private readonly limit: Limiter,
    private readonly readDeployed?: ReadDeployed,
  ) {
    for (const item of work) {
      let tellSnapshot: (snapshot: StackSnapshot | null) => void = () => undefined;
      const snapshot = new Promise<StackSnapshot | null>((resolve) => (tellSnapshot = resolve));
      const id = item.artifact.id;
      this.entries.set(id, {
        work: item,
        snapshot,
        tellSnapshot,
        staged: Promise.resolve(null),
        taken: false,
      });
      for (const name of exportedNames(item.artifact.template)) this.exporters.set(name, id);
    }
  }

  /** Starts deciding and staging every stack. */
  start(): void {
    for (const entry of this.entries.values()) {
      entry.staged = this.stageIfKnown(entry);
      // Observed by `take` or `discardUnused`; an error is not lost, only not reported twice.
      entry.staged.catch(() => undefined);
    }
  }

  /** No change set is started ahead from now on (the run failed or was cancelled). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The change set made ahead for the stack, once ready; null when there is none (its inputs
   * were not known, or it went into its step first). Throws what staging it threw.
   */
  async take(work: StackWork): Promise<StagedDeploy | null> {
    const entry = this.entries.get(work.artifact.id);
    if (!entry || entry.taken) return null;
    entry.taken = true;
    return entry.staged;
  }

  /** Deletes every change set made ahead that no step took; returns the stacks it deleted for. */
  async discardUnused(discard: (staged: StagedDeploy) => Promise<void>): Promise<string[]> {
    this.stop();
    const discarded: string[] = [];
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        if (entry.taken) return;
        entry.taken = true;
        const staged = await entry.staged.catch(() => null);
        if (!staged || staged.changeSetArn === null) return;
        await discard(staged);
        discarded.push(entry.work.stack.name);
      }),
    );
    return discarded;
  }

  private async stageIfKnown(entry: Entry): Promise<StagedDeploy | null> {
    try {
      if (!(await this.inputsKnown(entry.work))) return null;
      return await this.limit(async () => {
        if (this.stopped || entry.taken) return null;
        return this.stageOne(entry.work, entry.tellSnapshot);
      });
    } finally {
      entry.tellSnapshot(null); // a no-op once told
    }
  }

  private ancestorsOf(id: string): Set<string> {
    let found = this.ancestors.get(id);
    if (found) return found;
    found = new Set();
    this.ancestors.set(id, found);
    for (const dependency of this.entries.get(id)?.work.artifact.dependencies ?? []) {
      if (!this.entries.has(dependency)) continue;
      found.add(dependency);
      this.ancestorsOf(dependency).forEach((a) => found.add(a));
    }
    return found;
  }

  /**
   * The exporter's deployed template: from its snapshot when it is staged ahead, else read once
   * (an exporter that waits may still keep the export its importers need).
   */
  private async deployedOf(exporter: Entry): Promise<CloudFormationTemplate | null> {
    const snapshot = await exporter.snapshot;
    if (snapshot) return snapshot.existed ? parseTemplate(snapshot.templateBody) : null;
    if (!this.readDeployed) return null;
    const id = exporter.work.artifact.id;
    let read = this.deployedReads.get(id);
    if (!read) {
      read = this.readDeployed(exporter.work).catch(() => null);
      this.deployedReads.set(id, read);
    }
    return read;
  }

  private async inputsKnown(work: StackWork): Promise<boolean> {
    const { artifact } = work;
    const imports = importedExports(artifact.template);
    if (imports === null) return false;
    const ancestors = this.ancestorsOf(artifact.id);
    if (ancestors.size > 0 && readsParametersAtChangeSet(artifact.template)) return false;
    for (const name of imports) {
      const exporterId = this.exporters.get(name);
      // An export from outside the run keeps its value; CloudFormation checks that it exists.
      if (exporterId === undefined || exporterId === artifact.id) continue;
      // Only an exporter the stack waits for can be waited on here without a deadlock.
      if (!ancestors.has(exporterId)) return false;
      const exporter = this.entries.get(exporterId) as Entry;
      const deployed = await this.deployedOf(exporter);
      if (!deployed || !exportUnchanged(deployed, exporter.work.artifact.template, name)) {
        return false;
      }
    }
    return true;
  }
}
