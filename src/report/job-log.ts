import * as core from '@actions/core';
import type { LogEntry } from '../model/log-entry.js';

export function formatEntry(entry: LogEntry): string {
  const where = entry.stack ? `[${entry.stack}] ` : '';
  return `${where}${entry.message}`;
}

/** Streams log entries to the job log as they happen. */
export function jobLogSink(entry: LogEntry): void {
  const line = formatEntry(entry);
  switch (entry.level) {
    case 'debug':
      core.debug(line);
      break;
    case 'warning':
      core.warning(entry.message, { title: entry.stack ? `Stack ${entry.stack}` : undefined });
      break;
    case 'error':
      core.info(`ERROR ${line}`);
      break;
    default:
      core.info(line);
  }
}
