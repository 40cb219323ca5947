/** The draft's unrolled loop, as a loop: for each declared parameter, find it, decode
 *  it, and check its rule. The first one missing or broken ends the request. */
export function readArguments<Declared extends Record<string, Rule>>(
  declared: Declared,
  parameters: Map<string, string>,
): Arguments<Declared> {
  const args: Record<string, string> = {};
  for (const [name, { min, max }] of Object.entries(declared)) {
    const encoded = parameters.get(name);
    assertHttp(encoded !== undefined, `${name}: is required`);
    const value = uriDecode(encoded!);
    const length = [...value].length;
    assertHttp(min === undefined || length >= min, `${name}: ${atLeast(min!)}`);
    assertHttp(max === undefined || length <= max, `${name}: ${atMost(max!)}`);
    args[name] = value;
  }
  return args as Arguments<Declared>;
}
