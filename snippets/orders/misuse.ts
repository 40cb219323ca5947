export const sloppy = responseHandler(
  { size: oneOf('small', 'large'), count: integer() },
  ({ size, count }) => {
    // There is no 'huge' size, and TypeScript knows it:
    if (size === 'huge') return text('that is a lot of pizza');
    // count is a number, so it has no string methods:
    return text(count.padStart(3));
  },
);
