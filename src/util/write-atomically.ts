import { renameSync, writeFileSync } from 'node:fs';

/**
 * Written to a temporary name and renamed: a reader (or a second writer) never sees half a file.
 * `mode`: the file's permissions from the first byte (0o600 for what only the owner may read).
 */
export function writeAtomically(file: string, text: string, mode?: number): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text, mode === undefined ? undefined : { mode });
  renameSync(partial, file);
}
