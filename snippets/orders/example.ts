/** A type of your own: a time of day like 18:30, read into hours and minutes. */
export const clockTime = scalar({
  accepts: 'a time like 18:30',
  convert: (raw) => {
    const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw);
    return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
  },
});

export const order = responseHandler(
  {
    size: oneOf('small', 'medium', 'large'),
    count: integer({ min: 1, max: 12 }),
    toppings: list(string({ min: 1, max: 20 }), { max: 5 }),
    at: optional(clockTime),
    note: optional(string({ max: 140 }), ''),
  },
  ({ size, count, toppings, at, note }) => {
    const pizzas = `${count} ${size} ${count === 1 ? 'pizza' : 'pizzas'}`;
    const topped = toppings.length > 0 ? ` with ${toppings.join(', ')}` : '';
    const minutes = String(at?.minutes).padStart(2, '0');
    const when = at ? ` at ${at.hours}:${minutes}` : ' as soon as possible';
    return text(`${pizzas}${topped}${when}.${note ? ` Note: ${note}` : ''}\n`);
  },
);
