/** The rule of a room's name, which both of the chat's handlers take. */
export const room = { min: 1, max: 16 };
