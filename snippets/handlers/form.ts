/** The HTML attribute for each kind of rule a browser can check by itself. */
const HTML_ATTRIBUTES: Partial<Record<Rule['kind'], string>> = {
  required: 'required', minLength: 'minlength', maxLength: 'maxlength',
  minValue: 'min', maxValue: 'max',
};

/** A parameter's rules as attributes for its form field, like
 *  `['required', 'minlength="1"', 'maxlength="16"']`: the browser checks them before
 *  it sends anything.
 *  The server still checks everything, since anyone can send anything. */
export function formAttributes(parameter: Parameter<unknown>): string[] {
  return parameter.rules.flatMap((rule) => {
    const attribute = HTML_ATTRIBUTES[rule.kind];
    if (attribute === undefined) return [];
    return 'limit' in rule ? [`${attribute}="${rule.limit}"`] : [attribute];
  });
}
