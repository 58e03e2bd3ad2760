import { CancelledError } from '../errors.js';
import type { Sleep } from '../util/sleep.js';

/**
 * The runner's cancel (SIGINT, then SIGTERM) as the run sees it: once requested, no new stack
 * starts and every wait ends at once with a CancelledError.
 */
export class Cancellation {
  private readonly controller = new AbortController();
  private cause: string | null = null;
  private readonly aborted: Promise<never>;
  private readonly terminateListeners: (() => void)[] = [];

  constructor() {
    this.aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () =>
        reject(new CancelledError(this.reason)),
      );
    });
    // Only waits that race it observe the rejection.
    this.aborted.catch(() => undefined);
  }

  get requested(): boolean {
    return this.cause !== null;
  }

  get reason(): string {
    return `cancelled (${this.cause ?? 'not requested'})`;
  }

  /** Returns true the first time, when the cancel takes effect. */
  request(cause: string): boolean {
    if (this.cause !== null) return false;
    this.cause = cause;
    this.controller.abort();
    return true;
  }

  /** Told, synchronously, when the process is about to be killed, to keep what must not be lost. */
  onTerminate(listener: () => void): void {
    this.terminateListeners.push(listener);
  }

  /** The last warning before the kill (SIGTERM): cancels, then tells every listener. */
  terminate(cause: string): void {
    this.request(cause);
    for (const listener of this.terminateListeners) listener();
  }

  throwIfRequested(): void {
    if (this.requested) throw new CancelledError(this.reason);
  }

  /** A sleep that ends early with a CancelledError when the run is cancelled. */
  wrapSleep(sleep: Sleep): Sleep {
    return async (ms) => {
      this.throwIfRequested();
      await Promise.race([sleep(ms), this.aborted]);
    };
  }
}
