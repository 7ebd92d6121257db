import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandVariables, SubstitutionError } from '../../../src/validate/substitute/index.js';

// Values from fluxcd/pkg envsubst/eval_test.go (TestExpand) and envsubst/funcs_test.go unless
// marked otherwise; the expected results are what that code produces.
const vars = new Map(
  Object.entries({
    var01: 'abcdEFGH28ij',
    upper01: 'ABCDEFGH28IJ',
    path_name: '/home/bozo/ideas/thoughts.for.today',
    stringZ: 'abcABC123ABCabc',
    filename: 'bash.string.txt',
    default_var: 'foo1',
    digits: '123456789123456789',
    EMPTY: '',
  }),
);
const expand = (text: string): string => expandVariables(text, vars);
const syntaxError = (text: string): void => {
  assert.throws(
    () => expand(text),
    (error: SubstitutionError) => error instanceof SubstitutionError && error.reason === 'syntax',
    text,
  );
};

describe('every form fluxcd/pkg envsubst accepts', () => {
  test('${VAR}', () => {
    assert.equal(expand('a ${var01} b'), 'a abcdEFGH28ij b');
    assert.equal(expand('${EMPTY}'), '');
  });
  test('${VAR^}', () => {
    assert.equal(expand('${var01^}'), 'AbcdEFGH28ij');
    assert.equal(expand('${EMPTY^}'), '');
  });
  test('${VAR^^}', () => {
    assert.equal(expand('${var01^^}'), 'ABCDEFGH28IJ');
    // Go maps one rune to one rune: ß has no single-rune uppercase and stays (not "SS").
    assert.equal(expandVariables('${V^^}', new Map([['V', 'straße']])), 'STRAßE');
    assert.equal(expandVariables('${V^^}', new Map([['V', 'ᾳ']])), 'ᾼ'); // Go's simple mapping, not JavaScript's 'ΑΙ'
  });
  test('${VAR,}', () => {
    assert.equal(expand('${upper01,}'), 'aBCDEFGH28IJ');
  });
  test('${VAR,,}', () => {
    assert.equal(expand('${upper01,,}'), 'abcdefgh28ij');
    assert.equal(expandVariables('${V,,}', new Map([['V', 'İSTANBUL']])), 'istanbul');
  });
  test('casing mixes ${VAR^,} parse and leave the value alone (envsubst has no such function)', () => {
    assert.equal(expand('${var01^,}'), 'abcdEFGH28ij');
    syntaxError('${var01^^^}');
  });
  test('${#VAR} counts UTF-8 bytes like Go len()', () => {
    assert.equal(expand('${#var01}'), '12');
    assert.equal(expandVariables('${#V}', new Map([['V', 'héllo']])), '6');
    syntaxError('${#}');
  });
  test('${VAR:pos}', () => {
    assert.equal(expand('${path_name:11}'), 'ideas/thoughts.for.today');
    assert.equal(expand('${digits:9}'), '123456789');
    assert.equal(expand('${var01:99}'), '');
    // A position Go's strconv.Atoi rejects leaves the value unchanged (bash does the same).
    assert.equal(expand('${var01: -3}'), 'abcdEFGH28ij');
  });
  test('${VAR:pos:len}', () => {
    assert.equal(expand('${path_name:11:5}'), 'ideas');
    assert.equal(expand('${digits:0:8}'), '12345678');
    assert.equal(expand('${digits:9:50}'), '123456789');
    // A negative position only arrives through a nested reference.
    assert.equal(expandVariables('${digits:${P}:2}', new Map([...vars, ['P', '-3']])), '78');
    assert.equal(expandVariables('${digits:${P}:3}', new Map([...vars, ['P', '-300']])), '123');
    assert.equal(expand('${var01:1::3}'), 'bcd'); // a run of colons is one delimiter
  });
  test('${VAR:pos:len} with a negative length is an error (envsubst panics)', () => {
    assert.throws(
      () => expand('${var01:0:-1}'),
      (error: SubstitutionError) => error.reason === 'panic',
    );
  });
  test('${VAR#pattern}', () => {
    assert.equal(expand('${filename#*.}'), 'string.txt');
    assert.equal(expandVariables('${f#*/}', new Map([['f', '/path/to/file']])), 'path/to/file');
    assert.equal(expand('${filename#[a-c]}'), 'ash.string.txt');
    syntaxError('${filename#}');
  });
  test('${VAR##pattern}', () => {
    assert.equal(expand('${filename##*.}'), 'txt');
    assert.equal(expandVariables('${f##*/}', new Map([['f', 'path/to/file']])), 'file');
  });
  test('${VAR%pattern}', () => {
    assert.equal(expand('${filename%.*}'), 'bash.string');
    // envsubst reverses the pattern for suffixes, so "[t]xt" becomes "tx]t[" and never matches.
    assert.equal(expand('${filename%[t]xt}'), 'bash.string.txt');
  });
  test('${VAR%%pattern}', () => {
    assert.equal(expand('${filename%%.*}'), 'bash');
  });
  test('a malformed trim pattern changes nothing', () => {
    assert.equal(expand('${filename#b[}'), 'bash.string.txt');
  });
  test('${VAR/pattern/replacement}', () => {
    assert.equal(expand('${stringZ/abc/xyz}'), 'xyzABC123ABCabc');
    assert.equal(expandVariables('${s/./}', new Map([['s', 'foo.bar']])), 'foobar'); // literal, not a glob
    assert.equal(expandVariables('${s/\\//-}', new Map([['s', 'foo/bar']])), 'foo-bar');
  });
  test('${VAR//pattern/replacement}', () => {
    assert.equal(expand('${stringZ//abc/xyz}'), 'xyzABC123ABCxyz');
    assert.equal(expandVariables('${s//\\//-}', new Map([['s', 'foo/bar/baz']])), 'foo-bar-baz');
    assert.equal(expand('${var01/a//Z}'), 'ZbcdEFGH28ij'); // a run of slashes is one delimiter
    // An empty pattern (only through a nested reference) matches around every rune, as Go's strings.Replace.
    assert.equal(
      expandVariables(
        '${s//${EMPTY}/-}',
        new Map([
          ['s', 'ab'],
          ['EMPTY', ''],
        ]),
      ),
      '-a-b-',
    );
  });
  test('${VAR/#pattern/replacement}', () => {
    assert.equal(expand('${stringZ/#abc/XYZ}'), 'XYZABC123ABCabc');
    assert.equal(expand('${stringZ/#ABC/XYZ}'), 'abcABC123ABCabc');
    assert.equal(expand('${stringZ/#abc/}'), 'abcABC123ABCabc'); // without a replacement envsubst does nothing
  });
  test('${VAR/%pattern/replacement}', () => {
    assert.equal(expand('${stringZ/%abc/XYZ}'), 'abcABC123ABCXYZ');
    assert.equal(expand('${stringZ/%abc/}'), 'abcABC123ABCabc');
  });
  test('${VAR:-default}', () => {
    assert.equal(expand('${missing:-fallback}'), 'fallback');
    assert.equal(expand('${EMPTY:-fallback}'), 'fallback');
    assert.equal(expand('${var01:-fallback}'), 'abcdEFGH28ij');
    assert.equal(expand('${missing:-}'), '');
  });
  test('${VAR:=default}', () => {
    assert.equal(expand('${var:=xyz}'), 'xyz');
    assert.equal(expand('${var01:=xyz}'), 'abcdEFGH28ij');
  });
  test('${VAR=default} also takes the default for an empty value (envsubst checks only the length)', () => {
    assert.equal(expand('${var01=xyz}'), 'abcdEFGH28ij');
    assert.equal(expand('${var=xyz}'), 'xyz');
    assert.equal(expand('${EMPTY=xyz}'), 'xyz');
  });
  test('${VAR-default} is rejected by envsubst: "missing closing brace" fails the Kustomization', () => {
    // drone/envsubst readme lists ${var-default} under "Unsupported Functions"; the parser has no '-' case.
    syntaxError('${var01-xyz}');
    assert.throws(() => expand('${var01-xyz}'), /write \$\{var01:-\.\.\.\}/);
    syntaxError('${var01+xyz}');
  });
  test('${VAR:?d} and ${VAR:+d} parse and act like ${VAR:-d}', () => {
    assert.equal(expand('${missing:?oops}'), 'oops');
    assert.equal(expand('${var01:+other}'), 'abcdEFGH28ij');
  });
  test('defaults that hold ${OTHER}', () => {
    assert.equal(expand('something ${var=${default_var}}'), 'something foo1');
    assert.equal(expand('foo: ${var=${default_var}-suffix}'), 'foo: foo1-suffix');
    assert.equal(expand('foo: ${var=prefix${default_var}-suffix}'), 'foo: prefixfoo1-suffix');
    assert.equal(expand('${var=${var01^^}}'), 'ABCDEFGH28IJ');
    assert.equal(expand('${a:-${b:-${var01,}}}'), 'abcdEFGH28ij');
  });
});
