import { SubstitutionError } from './substitution-error.js';
import { isNameChar } from './variable-name.js';

/** Literal text, or one `${...}` reference. */
export type TemplateNode = { kind: 'text'; text: string } | Reference;

/**
 * `${name}` (op ''), or `${name<op>args}`. Each arg is one node: literal text or one nested
 * reference; only the default ops take several, which are concatenated.
 */
export interface Reference {
  kind: 'ref';
  name: string;
  op: string;
  args: TemplateNode[];
  /** The reference as written, for messages. */
  source: string;
}

/** The ops that supply their own value for an unset variable, so strict mode allows them. */
export const DEFAULT_OPS: ReadonlySet<string> = new Set(['=', ':-', ':=', ':?', ':+']);

/** Chars that end a literal argument, besides `${` and the end. */
const CLOSING = '}';
const SLASH = '/';
const COLON_OR_CLOSING = ':}';

/** A sticky regex for a run of chars with no `$`, no backslash and none of `stops`: resources can be large. */
const plainRuns = new Map<string, RegExp>();
function plainRun(stops: string): RegExp {
  let regex = plainRuns.get(stops);
  if (!regex) plainRuns.set(stops, (regex = new RegExp(`[^$\\\\${stops.replace(/./g, '\\$&')}]+`, 'y')));
  return regex;
}

/** Which chars a run of name or operator chars may take. */
type Accept = (char: string) => boolean;

/**
 * Parses text the way fluxcd/pkg envsubst does (a fork of drone/envsubst), quirks included,
 * because a template it rejects fails the whole Kustomization:
 * - only `${` starts a reference; a bare `$VAR` is text, and `$$` anywhere in text is one `$`
 *   (so `$${X}` gives a literal `${X}`);
 * - `${VAR-d}`, `${VAR+d}`, `${VAR?d}` are rejected ("missing closing brace"); `${VAR:?d}` and
 *   `${VAR:+d}` parse and act like `${VAR:-d}`;
 * - in replace arguments `\/`, `\\` and `$$` are escapes; elsewhere backslashes are literal.
 */
export function parseTemplate(src: string): TemplateNode[] {
  return new TemplateParser(src).parseAll();
}

class TemplateParser {
  private pos = 0;
  /** Names of the references being parsed, innermost last: errors name the innermost. */
  private readonly open: string[] = [];

  constructor(private readonly src: string) {}

  parseAll(): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    while (this.pos < this.src.length) {
      if (this.atReference()) nodes.push(this.reference());
      else nodes.push({ kind: 'text', text: this.literal('', true) });
    }
    return nodes;
  }

  private atReference(): boolean {
    return this.src.startsWith('${', this.pos);
  }

  /** The next code point, or '' at the end. */
  private peek(): string {
    const code = this.src.codePointAt(this.pos);
    return code === undefined ? '' : String.fromCodePoint(code);
  }

  private take(): string {
    const char = this.peek();
    this.pos += char.length;
    return char;
  }

  /** Takes the longest run of chars that `accept` allows, at most `max` of them. */
  private run(accept: Accept, max = Infinity): string {
    let out = '';
    for (let n = 0; n < max && this.pos < this.src.length && accept(this.peek()); n++) out += this.take();
    return out;
  }

  /**
   * Literal text up to the next `${`, the end, or one of `stops`. With `escapes`, `$$` gives `$`;
   * `\\/` and `\\\\` also do in replace arguments (`backslash`).
   */
  private literal(stops: string, escapes: boolean, backslash = false): string {
    const plain = plainRun(stops);
    let out = '';
    while (this.pos < this.src.length && !this.atReference()) {
      plain.lastIndex = this.pos;
      const bulk = plain.exec(this.src);
      if (bulk) {
        out += bulk[0];
        this.pos = plain.lastIndex;
        continue;
      }
      const char = this.src[this.pos]!;
      const next = this.src[this.pos + 1];
      if (escapes && ((char === '$' && next === '$') || (backslash && char === '\\' && (next === '/' || next === '\\')))) {
        out += next;
        this.pos += 2;
      } else if (stops.includes(char)) {
        break;
      } else {
        out += char;
        this.pos += 1;
      }
    }
    return out;
  }

  /** One argument: a nested reference, or non-empty literal text. */
  private argument(stops: string, escapes = false): TemplateNode {
    if (this.atReference()) return this.reference();
    const start = this.pos;
    const text = this.literal(stops, escapes, escapes);
    if (this.pos === start) this.fail('unable to parse substitution within function');
    return { kind: 'text', text };
  }

  private reference(): Reference {
    const start = this.pos;
    this.pos += 2;
    const ref = this.referenceBody();
    ref.source = this.src.slice(start, this.pos);
    return ref;
  }

  private referenceBody(): Reference {
    const ref = (name: string, op: string): Reference => {
      this.open.push(name);
      return { kind: 'ref', name, op, args: [], source: '' };
    };
    if (this.peek() === '#') {
      this.pos += 1;
      const name = this.run(isNameChar);
      if (!name) this.fail('bad substitution');
      return this.close(ref(name, '#'));
    }
    const name = this.run(isNameChar);
    if (!name) this.fail('unable to parse variable name');
    switch (this.peek()) {
      case '}':
        return this.close(ref(name, ''));
      case ':':
        return this.colon(ref(name, ':'));
      case '=':
        this.pos += 1;
        return this.defaultArgs(ref(name, '='));
      case ',':
      case '^':
        return this.close(
          ref(
            name,
            this.run((c) => c === ',' || c === '^', 2),
          ),
        );
      case '/':
        return this.replace(ref(name, this.take() + this.run((c) => c === '/' || c === '#' || c === '%', 1)));
      case '#':
      case '%': {
        const mark = this.peek();
        const node = ref(
          name,
          this.run((c) => c === mark, 2),
        );
        node.args.push(this.argument(CLOSING));
        return this.close(node);
      }
      default: {
        // bash has ${V-d}, ${V+d}, ${V?d}; envsubst does not, and they are easy to write by mistake.
        const op = this.peek();
        const hint = '-+?'.includes(op) && op ? ` (envsubst has no \${${name}${op}...}; write \${${name}:${op}...})` : '';
        return this.fail(`missing closing brace${hint}`, name);
      }
    }
  }

  /** After `${name:`: a default (`:-` `:=` `:?` `:+`) or a substring `:pos[:len]`. */
  private colon(node: Reference): Reference {
    this.pos += 1;
    const next = this.peek();
    if (next && '=-?+'.includes(next)) {
      node.op += this.take();
      return this.defaultArgs(node);
    }
    // envsubst steps back by the width of this char, not of ':', so a multi-byte one fails.
    if ((next.codePointAt(0) ?? 0) > 0x7f) this.fail('bad substitution');
    node.args.push(this.argument(COLON_OR_CLOSING));
    if (this.peek() === '}') return this.close(node);
    // A run of colons is one delimiter: `${V:1::2}` is `${V:1:2}`.
    if (!this.run((c) => c === ':')) this.fail('bad substitution');
    node.args.push(this.argument(CLOSING));
    return this.close(node);
  }

  /** Default text: any mix of literal runs and nested references, up to `}`. */
  private defaultArgs(node: Reference): Reference {
    while (this.peek() !== '}') node.args.push(this.argument(CLOSING));
    return this.close(node);
  }

  /** `/pattern/replacement` after the op; the replacement may be left out. */
  private replace(node: Reference): Reference {
    node.args.push(this.argument(SLASH, true));
    // A run of slashes is one delimiter: `${V/a//b}` replaces a with b.
    if (!this.run((c) => c === '/')) this.fail('bad substitution');
    if (this.peek() !== '}') node.args.push(this.argument(CLOSING, true));
    return this.close(node);
  }

  private close(node: Reference): Reference {
    if (this.peek() !== '}') this.fail('bad substitution');
    this.pos += 1;
    this.open.pop();
    return node;
  }

  private fail(why: string, name = this.open.at(-1)): never {
    const at = this.src.slice(this.src.lastIndexOf('${', this.pos), this.pos + 1);
    throw new SubstitutionError(`${why} near "${at.length > 60 ? `${at.slice(0, 57)}...` : at}"`, name, 'syntax');
  }
}
