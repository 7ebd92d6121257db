// validate, diff and graph: --help and usage errors come from each command's option table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OptionTable } from '../../src/options/index.js';
import { DIFF_OPTIONS } from '../../src/review/diff/diff-options.js';
import { runDiffCommand } from '../../src/review/diff/index.js';
import { GRAPH_OPTIONS } from '../../src/review/graph/graph-options.js';
import { runGraphCommand } from '../../src/review/graph/index.js';
import { VALIDATE_OPTIONS } from '../../src/validate/validate-options.js';
import { runValidateCommand } from '../../src/validate/index.js';

const COMMANDS: readonly [string, OptionTable, typeof runValidateCommand][] = [
  ['validate', VALIDATE_OPTIONS, runValidateCommand],
  ['diff', DIFF_OPTIONS, runDiffCommand],
  ['graph', GRAPH_OPTIONS, runGraphCommand],
];

async function run(command: typeof runValidateCommand, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(argv, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, out: out.join(''), err: err.join('') };
}

for (const [name, table, command] of COMMANDS) {
  test(`${name} --help and -h list every option of its table with its description (exit 0)`, async () => {
    const help = await run(command, '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, new RegExp(`^Usage: platform-gitops ${name} `));
    assert.match(help.out, /\nExit codes: /, 'the prose stays');
    for (const [flag, spec] of Object.entries(table)) assert.ok(help.out.includes(`--${flag}`) && help.out.includes(spec.description), `--${flag}`);
    assert.deepEqual(await run(command, '-h'), help);
  });

  test(`${name}: a usage error is the message after the command's name, then the help (exit 2)`, async () => {
    const bad = await run(command, '--format', 'xml');
    assert.equal(bad.code, 2);
    assert.match(bad.err, new RegExp(`^platform-gitops ${name}: --format must be .+ or \\w+, not "xml"\\n\\nUsage: platform-gitops ${name} `));
    assert.match((await run(command, '--bogus')).err, new RegExp(`^platform-gitops ${name}: Unknown option '--bogus'`));
  });
}
