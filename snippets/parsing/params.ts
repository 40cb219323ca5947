/** `a=1&b=two+words&a=2` → adds a: ['1', '2'], b: ['two words'] to `params`. */
export function addParams(params: Params, encoded: string, where: string): Params {
  for (const pair of encoded.split('&')) {
    if (pair === '') continue;
    const [name = '', value = ''] = splitOnce(pair, '=');
    const key = percentDecode(name, true, where);
    const values = params.get(key);
    if (values) values.push(percentDecode(value, true, where));
    else params.set(key, [percentDecode(value, true, where)]);
  }
  return params;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
