import { renameSync, writeFileSync } from 'node:fs';

/** Written to a temporary name and renamed: a reader (or a second writer) never sees half a file. */
export function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
