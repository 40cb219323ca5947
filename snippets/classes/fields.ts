/** The base class of every parameter type:
 *  one value, required, then the subclass's say. */
export abstract class Field<T> {
  abstract readonly accepts: string;
  constructor(readonly name: string) {}

  /** The value, or undefined after adding what was wrong with it to `problems`. */
  read(params: Params, problems: string[]): T | undefined {
    const values = params.get(this.name) ?? [];
    const value = values.length === 1 ? this.convert(values[0]!) : undefined;
    const problem = values.length === 0 ? 'is required'
      : values.length > 1 ? 'must be given only once'
      : value === undefined ? `must be ${this.accepts}` : this.check(value);
    if (problem === undefined) return value;
    problems.push(`${this.name}: ${problem}`);
    return undefined;
  }

  /** The raw string as a T, or undefined if it isn't one. */
  protected abstract convert(raw: string): T | undefined;
  /** What is wrong with a converted value, if anything:
   *  subclasses with rules override it. */
  protected check(_value: T): string | undefined {
    return undefined;
  }
}

export class StringField extends Field<string> {
  readonly accepts = 'a string';
  constructor(name: string, private readonly min: number, private readonly max: number) {
    super(name);
  }

  protected convert(raw: string): string {
    return raw;
  }

  protected override check(value: string): string | undefined {
    const length = [...value].length;  // code points, as the DSL counts
    const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
    if (length < this.min) return `must be at least ${characters(this.min)}`;
    if (length > this.max) return `must be at most ${characters(this.max)}`;
    return undefined;
  }
}
