/** What a declared handler does with a request, in words,
 *  straight from its declaration. */
export function describe(handler: DeclaredHandler<Declaration>): string {
  const names = Object.keys(handler.declaration);
  const width = Math.max(0, ...names.map((name) => name.length));
  const lines = [`a ${handler.kind} handler. For each request it reads:`];
  for (const [name, parameter] of Object.entries(handler.declaration)) {
    lines.push(`  ${name.padEnd(width)}  ${parameter.accepts}`);
    const indent = ' '.repeat(width + 6);
    for (const rule of parameter.rules) {
      lines.push(`${indent}400 "${name}: ${rule.message}"`);
    }
  }
  const args = names.length > 0 ? `{ ${names.join(', ')} }` : '{}';
  const allValid = handler.kind === 'response'
    ? `body(${args}) computes the response, which is sent.`
    : `the stream's head is sent; body(${args}, events) gets the open stream.`;
  lines.push(
    'Any broken rule: 400, one line per broken rule, and the body never runs.',
    `All valid: ${allValid}`,
  );
  return lines.join('\n');
}
