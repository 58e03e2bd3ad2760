import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Manifest {
  artifacts: Record<string, { type: string; properties?: Record<string, unknown> }>;
}

/** A private copy of an assembly whose manifest a test may edit. */
export function editableAssembly(source: string, edit: (manifest: Manifest) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'assembly-copy-'));
  cpSync(source, copy, { recursive: true });
  const file = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return copy;
}
