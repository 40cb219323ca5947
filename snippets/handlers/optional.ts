/** A parameter that may be left out. Only *absent* counts: `note=` sends "", a value.
 *  NoInfer makes the fallback follow the parameter's type instead of widening it. */
export function optional<T>(parameter: Parameter<T>): Parameter<T | undefined>;
export function optional<T>(parameter: Parameter<T>, fallback: NoInfer<T>): Parameter<T>;
export function optional<T>(
  parameter: Parameter<T>, fallback?: T,
): Parameter<T | undefined> {
  return {
    accepts: `${parameter.accepts}, or nothing (then ${JSON.stringify(fallback)})`,
    rules: parameter.rules.filter((rule) => rule.kind !== 'required'),
    read: (values) => (values.length === 0 ? ok(fallback) : parameter.read(values)),
  };
}
