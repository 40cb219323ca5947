/** A new parameter type: a time of day like 18:30 (the DSL's `clockTime`). */
interface ClockTime { hours: number; minutes: number }

export class ClockTimeField extends Field<ClockTime> {
  readonly accepts = 'a time like 18:30';

  protected convert(raw: string): ClockTime | undefined {
    const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw);
    return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
  }
}
