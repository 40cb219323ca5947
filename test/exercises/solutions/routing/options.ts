// Reference solution for routing/options. Kept out of the reader's way: read it after your own.
import { HttpError, Router, type Handler } from '../../../../chapters/routing.ts';

export class OptionsRouter extends Router {
  override find(method: string, path: string): Handler {
    try {
      return super.find(method, path);
    } catch (error) {
      // A 405 knows the path and its methods: the one place that lists them, so we ask it.
      if (!(error instanceof HttpError) || error.status !== 405) throw error;
      const allow = withOptions(error.headers.Allow ?? '');
      if (method === 'OPTIONS') {
        // 200 rather than 204: formatResponse always writes Content-Length, which a 204 must not have.
        return () => ({ status: 200, contentType: 'text/plain', body: '', headers: { Allow: allow } });
      }
      throw new HttpError(405, `${path} accepts ${allow}`, { ...error.headers, Allow: allow });
    }
  }
}

function withOptions(allow: string): string {
  const methods = allow.split(',').map((m) => m.trim()).filter((m) => m !== '');
  return [...methods.filter((m) => m !== 'OPTIONS'), 'OPTIONS'].join(', ');
}
