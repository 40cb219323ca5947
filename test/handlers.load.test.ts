// The handlers page's example (chapters/orders.ts) builds its handler as it loads, from each kind
// of parameter in chapters/handlers.ts (string, integer, oneOf, list, optional, a scalar of its
// own): a builtin broken badly enough makes the import itself fail. The import happens inside the test, so that such a failure is a
// failed test; a file that fails to load runs no test at all, and Stryker's vitest runner then
// counts nothing against the bug (see stryker.equivalent.md).
import { expect, it } from 'vitest';

it('loads, building its example handler from the builtins', async () => {
  const chapter = await import('../chapters/orders.ts');
  expect(chapter.order.kind).toBe('response');
  expect(Object.keys(chapter.order.declaration)).toEqual(['size', 'count', 'toppings', 'at', 'note']);
});
