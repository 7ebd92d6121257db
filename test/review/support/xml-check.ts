/**
 * A small XML well-formedness check (no DOMParser in Node): one root, every tag closed in order,
 * attributes quoted and unique, only the five predefined or numeric entities. Throws on the first fault.
 */
export function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    const [whole, closing, name, attrs, selfClosing, textPart, stray] = m;
    if (stray) throw new Error(`unparsable markup at offset ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (whole.startsWith('<!--')) continue;
    if (textPart !== undefined) {
      if (stack.length === 0 && textPart.trim()) throw new Error(`text outside the root: ${textPart.trim().slice(0, 40)}`);
      checkEntities(textPart);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    if (stack.length === 0 && ++roots > 1) throw new Error(`second root element <${name}>`);
    const seen = new Set<string>();
    for (const [, attr, value] of (attrs ?? '').matchAll(/([^\s=]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
      if (seen.has(attr!)) throw new Error(`<${name}> repeats ${attr}`);
      seen.add(attr!);
      checkEntities(value!);
    }
    if (!selfClosing) stack.push(name!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
}

function checkEntities(text: string): void {
  for (const m of text.matchAll(/&([^;\s]*);?/g)) {
    if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) throw new Error(`bad entity ${m[0]}`);
  }
}
