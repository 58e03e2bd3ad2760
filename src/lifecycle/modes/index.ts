import type { Mode } from '../../model/modes.js';
import type { Settings } from '../../settings/settings.js';
import type { RunMode } from '../mode.js';
import { deployMode } from './deploy.js';
import { destroyMode } from './destroy.js';
import { planMode } from './plan.js';

/** The table of modes: what each one supplies to the one lifecycle. */
const MODE_TABLE: Readonly<Record<Mode, () => RunMode>> = {
  deploy: deployMode,
  plan: planMode,
  destroy: destroyMode,
};

export function modeFor(settings: Pick<Settings, 'mode'>): RunMode {
  return MODE_TABLE[settings.mode]();
}
