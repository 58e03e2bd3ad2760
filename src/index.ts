import * as core from '@actions/core';
import { Cancellation } from './lifecycle/cancellation.js';
import { run } from './main.js';
import { post } from './post.js';

/** The main step saves this state first thing; the post step (runs.post) finds it set. */
const POST_STATE = 'post';

async function main(): Promise<void> {
  const cancellation = new Cancellation();
  process.once('SIGINT', () => {
    core.warning(
      'Cancel requested (SIGINT): no new stack starts; updates in progress are cancelled',
    );
    cancellation.request('SIGINT');
  });
  process.once('SIGTERM', () => {
    cancellation.terminate('SIGTERM');
    process.exit(1);
  });
  core.saveState(POST_STATE, 'true');
  await run(process.env, cancellation);
}

try {
  if (core.getState(POST_STATE) === 'true') await post();
  else await main();
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
