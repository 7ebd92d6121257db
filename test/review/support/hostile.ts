// A stranger's pull request and the canaries that prove it read, ran and leaked nothing: a file
// outside the repository, an environment variable, and marker files programs would create.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder of the test's own (never the shared temp dir itself), removed by `cleanup`. */
export interface Sandbox {
  readonly root: string;
  /** A file outside every repository, whose content must appear in no output and never change. */
  readonly outsideFile: string;
  readonly outsideCanary: string;
  /** Name and value of an environment variable that must appear in no output. */
  readonly envName: string;
  readonly envCanary: string;
  /** A new folder inside the sandbox. */
  dir(name: string): string;
  /** A shell script that, if ever run, creates `marker` (then the test fails). */
  trap(path: string, marker: string): void;
  /** The canaries: absent from every text, the outside file unchanged, no trap sprung. */
  assertClean(texts: readonly string[], markers?: readonly string[]): void;
  cleanup(): void;
}

export function sandbox(prefix: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const outsideCanary = `OUTSIDE-CANARY-${Math.random().toString(36).slice(2)}`;
  const envCanary = `ENV-CANARY-${Math.random().toString(36).slice(2)}`;
  const outsideFile = join(root, 'outside-secret.txt');
  writeFileSync(outsideFile, `${outsideCanary}\n`);
  const before = statSync(outsideFile).mtimeMs;
  return {
    root,
    outsideFile,
    outsideCanary,
    envName: 'PLATFORM_GITOPS_TEST_CANARY',
    envCanary,
    dir(name) {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    trap(path, marker) {
      writeFileSync(path, `#!/bin/sh\ntouch '${marker}'\nexit 0\n`);
      chmodSync(path, 0o755);
    },
    assertClean(texts, markers = []) {
      for (const text of texts) {
        assert.ok(!text.includes(outsideCanary), `the outside file's content leaked:\n${text.slice(0, 2000)}`);
        assert.ok(!text.includes(envCanary), `the environment leaked:\n${text.slice(0, 2000)}`);
      }
      assert.equal(readFileSync(outsideFile, 'utf8'), `${outsideCanary}\n`);
      assert.equal(statSync(outsideFile).mtimeMs, before);
      for (const marker of markers) assert.equal(existsSync(marker), false, `a program from the repository ran (${marker})`);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
