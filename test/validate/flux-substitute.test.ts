import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandVariables, substituteResource, SubstitutionError } from '../../src/index.js';

const vars = new Map([['REPLICAS', '2'], ['IP', '10.245.0.10'], ['EMPTY', '']]);

describe('Flux 2.9 post-build substitution', () => {
  test('only ${VAR} expands; a bare $VAR stays', () => {
    assert.equal(expandVariables('a ${IP} $IP b', vars), 'a 10.245.0.10 $IP b');
  });
  test('$${VAR} is a literal ${VAR}', () => {
    assert.equal(expandVariables('keep $${IP} but ${IP}', vars), 'keep ${IP} but 10.245.0.10');
  });
  test('the four default forms use the default when the variable is unset or empty', () => {
    for (const op of [':-', ':=', '-', '=']) {
      assert.equal(expandVariables(`\${MISSING${op}d}`, vars), 'd', op);
      assert.equal(expandVariables(`\${EMPTY${op}d}`, vars), 'd', op);
      assert.equal(expandVariables(`\${IP${op}d}`, vars), '10.245.0.10', op);
    }
  });
  test('strict: an undefined variable without default is an error naming it', () => {
    assert.throws(() => expandVariables('${NOPE}', vars), (error: SubstitutionError) => error.variable === 'NOPE');
  });
  test('the text is parsed again: "2" becomes the integer 2', () => {
    const out = substituteResource({ spec: { values: { replicaCount: '${REPLICAS}', service: { clusterIP: '${IP}' } } } }, vars);
    assert.equal(out.spec.values.replicaCount, 2);
    assert.equal(out.spec.values.service.clusterIP, '10.245.0.10');
  });
  test('a resource labelled or annotated substitute: disabled is left alone', () => {
    for (const where of ['labels', 'annotations']) {
      const resource = { metadata: { name: 'x', [where]: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }, data: { a: '${NOPE}' } };
      assert.deepEqual(substituteResource(resource, vars), resource);
    }
  });
});
