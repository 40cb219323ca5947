/** The draft's unrolled loop, as a loop that doesn't stop at a broken rule: for each
 *  declared parameter, find it, decode it, check its rule; then report all it found. */
export function readArguments<Declared extends Record<string, Rule>>(
  declared: Declared,
  parameters: Map<string, string>,
): Arguments<Declared> {
  const args: Record<string, string> = {};
  const broken: string[] = [];
  for (const [name, { min, max }] of Object.entries(declared)) {
    const encoded = parameters.get(name);
    if (encoded === undefined) {
      broken.push(`${name}: is required`);
      continue;
    }
    const value = uriDecode(encoded);
    const length = [...value].length;
    if (min !== undefined && length < min) broken.push(`${name}: ${atLeast(min)}`);
    if (max !== undefined && length > max) broken.push(`${name}: ${atMost(max)}`);
    args[name] = value;
  }
  assertHttp(broken.length === 0, broken.join('\n'));
  return args as Arguments<Declared>;
}
