import type { RoleTarget } from '../aws/aws-environment.js';
import { createLimiter, type Limiter } from '../util/limiter.js';
import {
  liveResourceReader,
  type ClosableLiveResourceReader,
} from '../verify/live/read-live-resource.js';
import { readLiveResources, type LiveReading } from '../verify/live-verification.js';
import type { StackWork } from './deployment-run.js';
import type { RunScope } from './mode.js';

export interface StackReadings {
  readonly readings: LiveReading[];
  readonly ms: number;
}

/**
 * The live reads of one run: a stack's resources are read back as soon as the stack is done,
 * while the others still deploy; verifying collects what was read. At most `concurrency` reads
 * at once for the whole run, one reader (one set of service clients) per account, region and
 * role. The reads change nothing: verifying applies them to the resources.
 */
export class LiveReads {
  private readonly readers = new Map<RoleTarget, Promise<ClosableLiveResourceReader>>();
  private readonly started = new Map<string, Promise<StackReadings>>();
  private readonly limit: Limiter;
  private closed = false;

  constructor(private readonly scope: RunScope) {
    this.limit = createLimiter(scope.settings.concurrency);
  }

  /** Starts reading the stack's resources (once). */
  start(work: StackWork): void {
    if (this.closed || this.started.has(work.stack.id)) return;
    const reading = this.read(work);
    reading.catch(() => undefined); // observed by `of`
    this.started.set(work.stack.id, reading);
  }

  /** What the stack's reads found, read now when they were not started. */
  of(work: StackWork): Promise<StackReadings> {
    this.start(work);
    return this.started.get(work.stack.id) ?? this.read(work);
  }

  /** Closes every reader; reads under way finish with errors of their own. */
  close(): void {
    this.closed = true;
    for (const reader of this.readers.values()) {
      void reader.then((r) => r.destroy()).catch(() => undefined);
    }
    this.readers.clear();
  }

  private async read(work: StackWork): Promise<StackReadings> {
    const started = Date.now();
    const resources = this.scope.run.resources.filter((r) => r.stackId === work.stack.id);
    const readings = await readLiveResources(resources, await this.readerFor(work), this.limit);
    return { readings, ms: Date.now() - started };
  }

  private async readerFor(work: StackWork): Promise<ClosableLiveResourceReader> {
    const { run, context } = this.scope;
    const target = await context.environments.readTarget(work.artifact, (message) =>
      run.deployment.log('warning', message, { stack: work.stack.name }),
    );
    if (this.closed) throw new Error('the run ended before its resources were read');
    let reader = this.readers.get(target);
    if (!reader) {
      reader = Promise.resolve(
        liveResourceReader({
          region: target.env.region,
          maxAttempts: context.environments.maxAttempts,
          ...(target.settings.credentials ? { credentials: target.settings.credentials } : {}),
        }),
      );
      this.readers.set(target, reader);
    }
    return reader;
  }
}

const perRun = new WeakMap<object, LiveReads>();

/** The run's live reads, made on first use. */
export function liveReadsOf(scope: RunScope): LiveReads {
  let reads = perRun.get(scope.run);
  if (!reads) {
    reads = new LiveReads(scope);
    perRun.set(scope.run, reads);
  }
  return reads;
}
