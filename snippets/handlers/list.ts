/** A parameter sent any number of times, `tag=a&tag=b`, each value checked by `item`. */
export function list<T>(item: Scalar<T>, bounds: Bounds = {}): Parameter<T[]> {
  const counts = bounded(bounds, minItems, maxItems);
  const each = (rule: Rule, which: string): Rule =>
    ({ kind: 'each', rule, message: `value ${which} ${rule.message}` });
  const itemRules = item.rules
    .filter((rule) => rule.kind !== 'required' && rule.kind !== 'once');
  return {
    accepts: `any number of values, each ${item.accepts}`,
    rules: [...counts, ...itemRules.map((rule) => each(rule, 'N'))],
    read(values) {
      const failed = counts.find((rule) => !rule.holds(values));
      if (failed) return broken(failed);
      const items: T[] = [];
      for (const [index, raw] of values.entries()) {
        const checked = item.parse(raw);
        if (!checked.ok) return broken(each(checked.rule, String(index + 1)));
        items.push(checked.value);
      }
      return ok(items);
    },
  };
}
