import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: the whole run's temporary files (runner folders, assemblies, records, the
 * action's own) go into one folder, removed when the run ends, so `npm test` leaves nothing in
 * /tmp. The test workers, and the action and emulator they start, inherit TMPDIR. The AWS SDK's
 * notice about Node versions before 22 is turned off for the in-process tests.
 */
export default function setup(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'cdk-deploy-action-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = directory;
  // The tests run the engine in-process on the machine's Node; the action's runtime is Node 24.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(directory, { recursive: true, force: true });
  };
}
