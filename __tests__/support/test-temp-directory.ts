import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: the whole run's temporary files (runner folders, assemblies, records, the
 * action's own) go into one folder, removed when the run ends, so `npm test` leaves nothing in
 * /tmp. The test workers, and the action and emulator they start, inherit TMPDIR.
 */
export default function setup(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'cdk-deploy-action-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = directory;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(directory, { recursive: true, force: true });
  };
}
