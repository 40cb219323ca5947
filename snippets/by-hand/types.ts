// What TypeScript makes of the declaration, step by step: the type of the body's `args`.
// A `^?` asks for the type of the name just above it; the book shows the answer in a box.

// The declaration, as chat.ts writes it: an object of parameters.
export type Declared = typeof messageFields;
//          ^?
// One name: Infer reads the T back out of a Parameter<T>.
export type Room = Infer<Declared['room']>;
//          ^?
// Every name at once: Arguments maps each through Infer. That is the body's `args`.
export type Args = Arguments<Declared>;
//          ^?
