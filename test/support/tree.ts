import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** A fresh temporary directory (tests write only inside these). */
export function tempDir(prefix = 'gp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under `root`, relative with forward slashes, sorted. */
export function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue; // e.g. node_modules links set up by a test
    if (entry.isDirectory()) out.push(...listFiles(root, full));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** path -> sha256 and mtime of every file, to prove a run changed nothing (not even mtimes). */
export function snapshotTree(root: string): Map<string, { hash: string; mtimeMs: number }> {
  const snapshot = new Map<string, { hash: string; mtimeMs: number }>();
  for (const file of listFiles(root)) {
    const full = join(root, file);
    snapshot.set(file, { hash: createHash('sha256').update(readFileSync(full)).digest('hex'), mtimeMs: statSync(full).mtimeMs });
  }
  return snapshot;
}

/** path -> contents. */
export function readTree(root: string): Record<string, string> {
  return Object.fromEntries(listFiles(root).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
}
