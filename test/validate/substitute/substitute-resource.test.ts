import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandVariables, MAX_OUTPUT_BYTES, SUBSTITUTE_DISABLED_KEY, substituteResource, SubstitutionError } from '../../../src/validate/substitute/index.js';

const vars = new Map([
  ['REPLICAS', '2'],
  ['IP', '10.245.0.10'],
]);
const limitError = (error: unknown): boolean => error instanceof SubstitutionError && error.reason === 'limit';

describe('substituting one resource like the kustomize-controller', () => {
  test('the text is parsed again: "2" becomes the integer 2', () => {
    const out = substituteResource({ spec: { values: { replicaCount: '${REPLICAS}', service: { clusterIP: '${IP}' } } } }, vars);
    assert.equal(out.spec.values.replicaCount, 2);
    assert.equal(out.spec.values.service.clusterIP, '10.245.0.10');
  });
  test('a resource labelled or annotated substitute: disabled is left alone', () => {
    for (const where of ['labels', 'annotations']) {
      const resource = { metadata: { name: 'x', [where]: { [SUBSTITUTE_DISABLED_KEY]: 'disabled' } }, data: { a: '${NOPE}' } };
      assert.equal(substituteResource(resource, vars), resource);
    }
  });
  test('$$ in a value is unescaped even without any ${', () => {
    assert.equal(substituteResource({ data: { script: 'echo $$' } }, vars).data.script, 'echo $');
  });
  test('no variables at all: Flux skips substitution unless substituteStrategy is Always', () => {
    const resource = { data: { a: '${NOPE}', b: '${X:=d}' } };
    assert.equal(substituteResource(resource, new Map()), resource);
    assert.equal(substituteResource({ data: { b: '${X:=d}' } }, new Map(), { always: true }).data.b, 'd');
    assert.throws(
      () => substituteResource(resource, new Map(), { always: true }),
      (error: SubstitutionError) => error.variable === 'NOPE',
    );
  });
  test('newlines in values are dropped, as Flux does when it loads them', () => {
    assert.equal(substituteResource({ data: { pem: '${PEM}' } }, new Map([['PEM', 'AB\nCD\n']])).data.pem, 'ABCD');
  });
  test('a value that breaks the YAML is a SubstitutionError, not a crash', () => {
    assert.throws(
      () => substituteResource({ data: { a: '${V}' } }, new Map([['V', '[unclosed']])),
      (error: SubstitutionError) => error.reason === 'yaml',
    );
  });
});

describe('a substitution bomb fails instead of eating memory', () => {
  const padded = (text: string): string => text + ' '.repeat(20_000); // big enough that 100x is over 1 MiB
  test('more than 100x its input', () => {
    assert.equal(expandVariables('${B}', new Map([['B', 'x'.repeat(400)]])).length, 400);
    assert.throws(
      () => expandVariables('${B}', new Map([['B', 'x'.repeat(401)]])),
      (error: Error) => limitError(error) && /100x its input \(400 bytes\)/.test(error.message),
    );
  });
  test('more than 1 MiB', () => {
    const big = new Map([['B', 'x'.repeat(MAX_OUTPUT_BYTES)]]);
    assert.throws(
      () => expandVariables(padded('${B}'), big),
      (error: Error) => limitError(error) && /1 MiB/.test(error.message),
    );
  });
  test('many references to one large value', () => {
    assert.throws(() => expandVariables('${B}'.repeat(10_000), new Map([['B', 'x'.repeat(200)]])), limitError);
  });
  test('a replace-all that multiplies is refused before it is built', () => {
    const bomb = new Map([
      ['A', 'a'.repeat(2000)],
      ['C', 'c'.repeat(2000)],
    ]);
    assert.throws(() => expandVariables(padded('${A//a/${C}}'), bomb), limitError);
  });
  test('substituteResource applies the limit', () => {
    assert.throws(() => substituteResource({ data: { a: '${B}' } }, new Map([['B', 'x'.repeat(10_000)]])), limitError);
  });
});
