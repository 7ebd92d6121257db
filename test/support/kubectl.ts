import { spawnSync } from 'node:child_process';

/** Whether `kubectl` (with its built-in kustomize) runs here: the tests that compare against it skip without it. */
export const KUBECTL_ON_PATH = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
