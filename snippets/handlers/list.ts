/** A parameter sent any number of times, `tag=a&tag=b`, each value checked by `item`. */
export function list<T>(item: Scalar<T>, bounds: Bounds = {}): Parameter<T[]> {
  const count = (values: readonly string[]) => values.length;
  const counts = bounded(count, (n) => plural(n, 'value'), bounds);
  const itemRules = item.rules.filter((r) => r !== REQUIRED && r !== ONCE);
  return {
    accepts: `any number of values, each ${item.accepts}`,
    rules: [...counts.map((r) => r.text), ...itemRules.map((r) => `value N ${r}`)],
    read(values) {
      const failed = counts.find((r) => !r.holds(values));
      if (failed) return broken(failed.text);
      const items: T[] = [];
      for (const [index, raw] of values.entries()) {
        const checked = item.parse(raw);
        if (!checked.ok) return broken(`value ${index + 1} ${checked.rule}`);
        items.push(checked.value);
      }
      return ok(items);
    },
  };
}
