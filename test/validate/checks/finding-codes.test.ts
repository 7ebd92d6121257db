import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../support/package-paths.js';

const CODE = "'([a-zA-Z]+(?:-[a-zA-Z]+)*)'";
/**
 * How sources name a finding code: `code: 'x'` (or a `code = 'x'` default), a reporter call
 * `report('x'`, `add('x'`, `pss('x'` or `reporter(entry)('x'`, and BuildError's last argument.
 */
const EMITTERS = [
  new RegExp(`\\bcode(?::|\\s*=)\\s*${CODE}`, 'g'),
  new RegExp(`(?:\\breport|\\badd|\\bpss|\\))\\(\\s*${CODE}`, 'g'),
  new RegExp(`new BuildError\\((?:[^()]|\\([^()]*\\))*?,\\s*${CODE}\\s*,?\\s*\\)`, 'g'),
];

const filesUnder = (dir: string, suffix: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : []));

/**
 * How the engine's Go sources name one: `fail("x"`, `tooLarge(`'s fixed code, `Code: "x"`,
 * `code = "x"`. engine-* codes are the protocol's (a dead or mismatched engine), not findings.
 */
const GO_CODE = '"([a-z]+(?:-[a-z]+)+)"';
const GO_EMITTERS = [new RegExp(`\\bfail\\(\\s*${GO_CODE}`, 'g'), new RegExp(`\\b(?:Code:|[cC]ode =)\\s*${GO_CODE}`, 'g')];

/** Every finding code the validator's sources, and the engine's, can emit. */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of filesUnder(join(ROOT, 'src', 'validate'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of EMITTERS) for (const match of text.matchAll(pattern)) codes.add(match[1]!);
  }
  for (const file of filesUnder(join(ROOT, 'engine', 'internal'), '.go').filter((f) => !f.endsWith('_test.go'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of GO_EMITTERS) for (const match of text.matchAll(pattern)) if (!match[1]!.startsWith('engine-')) codes.add(match[1]!);
  }
  return codes;
}

/** The codes test names start with (`code: what it tests`, or a describe block named after the code) in test/validate. */
function testedCodes(): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder(join(ROOT, 'test', 'validate'), '.test.ts')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:test|describe)\(\s*['"`]([a-zA-Z-]+)[:\s'"`]/g)) names.add(match[1]!);
  }
  return names;
}

test('the code scan finds codes of every emitting form', () => {
  const codes = emittedCodes();
  // One per form: code: (validate-repo), add( (validate-repo), report( (checks), pss(, reporter(...)(, BuildError's argument and its default.
  for (const code of ['no-clusters', 'path-missing', 'schema', 'pss-seccomp', 'dependsOn-cycle', 'build-cycle', 'build-failed', 'substitute-too-large', 'build-remote-base'])
    assert.ok(codes.has(code), code);
  assert.ok(codes.size >= 40, `${codes.size} codes`);
});

test('every finding code the validator can emit has a test named after it', () => {
  const tested = testedCodes();
  const untested = [...emittedCodes()].filter((code) => !tested.has(code)).sort();
  assert.deepEqual(untested, [], 'add a test("<code>: ...") that triggers each of these');
});
