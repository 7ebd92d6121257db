import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BuildError, KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { MAX_FILE_BYTES } from '../../../src/validate/kustomize/confined-files.js';
import { NO_BINARY, withoutPath } from './parity-support.js';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

/** A repository at <tmp>/repo with an `app` kustomization, and a file outside it at <tmp>/secret.yaml. */
function repoWith(kustomization: string, files: Record<string, string> = {}): { repo: string; app: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-confined-'));
  const repo = join(root, 'repo');
  const app = join(repo, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(root, 'secret.yaml'), CONFIGMAP);
  writeFileSync(join(app, 'kustomization.yaml'), kustomization);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
  return { repo, app, outside: join(root, 'secret.yaml') };
}

function buildError(repo: string, dir: string): BuildError {
  try {
    withoutPath(() => new KustomizeBuilder(repo).build(dir));
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  assert.fail('the build succeeded');
}

describe('paths stay inside the repository, files are regular and bounded', () => {
  test('path-outside-repo: a resource path leaving the repository', () => {
    const { repo, app } = repoWith('resources:\n  - ../../secret.yaml\n');
    const error = buildError(repo, app);
    assert.equal(error.code, 'path-outside-repo');
    assert.equal(error.file, 'app/kustomization.yaml');
    assert.match(error.message, /"\.\.\/\.\.\/secret\.yaml"/);
  });

  test('path-outside-repo: a symlink inside the repository pointing out of it', () => {
    const { repo, app, outside } = repoWith('resources:\n  - link.yaml\n');
    symlinkSync(outside, join(app, 'link.yaml'));
    assert.equal(buildError(repo, app).code, 'path-outside-repo');
  });

  test('path-outside-repo: a generator file leaving the repository', () => {
    const { repo, app } = repoWith('configMapGenerator:\n  - name: c\n    files:\n      - ../../secret.yaml\n');
    assert.equal(buildError(repo, app).code, 'path-outside-repo');
  });

  test('path-outside-repo: checked before real kustomize runs a folder the builder hands to it', { skip: NO_BINARY }, () => {
    const { repo, app } = repoWith('resources:\n  - ../../secret.yaml\nreplicas:\n  - name: x\n    count: 2\n');
    assert.throws(
      () => new KustomizeBuilder(repo).build(app),
      (error: any) => error.code === 'path-outside-repo',
    );
  });

  test('file-not-regular: a FIFO named like a manifest', { skip: process.platform === 'win32' && 'no mkfifo' }, () => {
    const { repo, app } = repoWith('resources:\n  - pipe.yaml\n');
    execFileSync('mkfifo', [join(app, 'pipe.yaml')]);
    const error = buildError(repo, app);
    assert.equal(error.code, 'file-not-regular');
    assert.match(error.message, /pipe\.yaml/);
  });

  test('file-too-large: a manifest over 8 MiB is refused before it is read', () => {
    const { repo, app } = repoWith('resources:\n  - big.yaml\n', { 'big.yaml': CONFIGMAP });
    truncateSync(join(app, 'big.yaml'), MAX_FILE_BYTES + 1);
    const error = buildError(repo, app);
    assert.equal(error.code, 'file-too-large');
    assert.match(error.message, /8 MiB/);
  });

  test('yaml-invalid: an alias bomb names its file', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const { repo, app } = repoWith('resources:\n  - bomb.yaml\n', { 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${levels.join('\n  ')}\n` });
    const error = buildError(repo, app);
    assert.equal(error.code, 'yaml-invalid');
    assert.equal(error.file, 'app/bomb.yaml');
    assert.match(error.message, /alias/i);
  });

  test('yaml-invalid: a broken kustomization names itself', () => {
    const { repo, app } = repoWith('resources: [unclosed\n');
    assert.deepEqual([buildError(repo, app).code, buildError(repo, app).file], ['yaml-invalid', 'app/kustomization.yaml']);
  });

  test('generator-invalid: a literal that is not key=value', () => {
    const { repo, app } = repoWith('configMapGenerator:\n  - name: c\n    literals:\n      - =value\n');
    const error = buildError(repo, app);
    assert.equal(error.code, 'generator-invalid');
    assert.match(error.message, /=value/);
  });
});
