/** What checking a parameter gives: its typed value, or the rule its raw values broke. */
export type Checked<T> = { ok: true; value: T } | { ok: false; rule: Rule };

/** One declared parameter: reads every raw value sent under its name and checks them. */
export interface Parameter<T> {
  /** What it accepts, in words: "a string". */
  readonly accepts: string;
  /** Every rule it can report, in the order it checks them. */
  readonly rules: readonly Rule[];
  /** Raw values in arrival order: query string first, then form body. */
  read(values: readonly string[]): Checked<T>;
}

/** The type a parameter produces: Infer<Parameter<number>> is number. */
export type Infer<P> = P extends Parameter<infer T> ? T : never;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const broken = (rule: Rule): Checked<never> => ({ ok: false, rule });
