/** A parameter's rule: the draft's `(name :string :min 1 :max 64)`. */
export interface Rule {
  min?: number;
  max?: number;
}

/** What a handler's body gets: one decoded string for each declared parameter. */
export type Arguments<Declared> = { [Name in keyof Declared]: string };
