import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandVariables, SubstitutionError } from '../../../src/validate/substitute/index.js';

const vars = new Map([
  ['IP', '10.245.0.10'],
  ['var01', 'abcdEFGH28ij'],
  ['default_var', 'foo'],
  ['EMPTY', ''],
]);
const expand = (text: string): string => expandVariables(text, vars);
const failsOn = (text: string, variable: string | undefined, reason: SubstitutionError['reason']): void => {
  assert.throws(
    () => expand(text),
    (error: unknown) => error instanceof SubstitutionError && error.variable === variable && error.reason === reason,
    text,
  );
};

describe('strict mode (Flux 2.9 default)', () => {
  test('an undefined ${VAR} is an error naming it', () => {
    failsOn('a: ${NOPE}', 'NOPE', 'undefined');
    assert.match(
      (() => {
        try {
          expand('${NOPE}');
        } catch (error) {
          return (error as Error).message;
        }
        return '';
      })(),
      /NOPE/,
    );
  });
  test('a defined but empty variable is fine', () => {
    assert.equal(expand('[${EMPTY}]'), '[]');
  });
  // fluxcd/pkg envsubst/eval_test.go TestExpandStrict, after fluxcd/flux2#5836.
  test('every operator that reads the value fails on an undefined variable', () => {
    for (const text of [
      '${#missing}',
      '${missing^}',
      '${missing^^}',
      '${missing,}',
      '${missing,,}',
      '${missing:0}',
      '${missing:0:10}',
      '${missing/pattern/replacement}',
      '${missing//pattern/replacement}',
      '${missing/#pattern/replacement}',
      '${missing/%pattern/replacement}',
      '${missing#pattern}',
      '${missing##pattern}',
      '${missing%pattern}',
      '${missing%%pattern}',
    ]) {
      failsOn(text, 'missing', 'undefined');
    }
  });
  test('the default operators accept an undefined variable', () => {
    assert.equal(expand('${missing:-fallback} ${missing:=assigned} ${missing=assigned}'), 'fallback assigned assigned');
  });
  test('arguments are evaluated first: an undefined variable inside an unused default still fails', () => {
    failsOn('${IP:-${NOPE}}', 'NOPE', 'undefined');
  });
  test('names are looser than keys: ${1X} parses but can never be defined', () => {
    failsOn('${1X}', '1X', 'undefined');
  });
});

describe('escapes and what is not a reference', () => {
  test('a bare $VAR stays', () => {
    assert.equal(expand('a $IP b $'), 'a $IP b $');
  });
  test('$${VAR} is a literal ${VAR}', () => {
    assert.equal(expand('keep $${IP} but ${IP}'), 'keep ${IP} but 10.245.0.10');
    assert.equal(expand('something $${var=${default_var}}'), 'something ${var=foo}'); // eval_test.go
    assert.equal(expand('some text ${var01}$${var$${var01}$var01${var01}'), 'some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij'); // eval_test.go
  });
  test('$$ is one $ anywhere in text, pairing from the left', () => {
    assert.equal(expand('pid $$ and $$IP'), 'pid $ and $IP');
    assert.equal(expand('$$$'), '$$');
    assert.equal(expand('$$${IP}'), '$10.245.0.10');
  });
  test('backslashes outside a replace are literal', () => {
    assert.equal(expand('\\\\something ${var=${default_var}}'), '\\\\something foo'); // eval_test.go
    assert.equal(expand('${missing:-a\\/b}'), 'a\\/b');
  });
  test('$$ in a replace argument is one $', () => {
    assert.equal(expandVariables('${P/$$/USD}', new Map([['P', '5$']])), '5USD');
  });
});

describe('text envsubst cannot parse fails the whole resource', () => {
  for (const text of ['${}', '${ IP }', '${IP', '${IP.x}', '${IP:}', '${IP::2}', '${IP:é}', '${IP/a/b', '${IP///b}', '${IP:-x', '${IP#a${var01}}']) {
    test(text, () => failsOn(text, text.match(/^\$\{(\w+)/)?.[1], 'syntax'));
  }
});
