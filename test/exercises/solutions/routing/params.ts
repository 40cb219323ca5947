// Reference solution for routing/params. Kept out of the reader's way: read it after your own.
import { HttpError, KNOWN_METHODS, Router, type Handler } from '../../../../chapters/routing.ts';

/** One segment of a pattern: a literal to match exactly, or a name to capture. */
type Segment = { literal: string } | { name: string };

interface Route {
  segments: Segment[];
  methods: Map<string, Handler>;
}

export class PatternRouter extends Router {
  readonly #routes = new Map<string, Route>();   // pattern → its route

  override on(method: string, pattern: string, handler: Handler): this {
    const route = this.#routes.get(pattern) ?? { segments: parsePattern(pattern), methods: new Map() };
    if (route.methods.has(method)) throw new Error(`${method} ${pattern} already has a handler`);
    route.methods.set(method, handler);
    this.#routes.set(pattern, route);
    return this;
  }

  /** The handler for this request, wrapped so that it finds what the pattern captured in its params. */
  override find(method: string, path: string): Handler {
    if (!KNOWN_METHODS.has(method)) throw new HttpError(501, `this server does not know the method ${method}`);
    const { route, captured } = this.#match(path);
    const { methods } = route;
    const handler = methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (!handler) {
      const allow = [...methods.keys(), ...(methods.has('GET') ? ['HEAD'] : [])].join(', ');
      throw new HttpError(405, `${path} accepts ${allow}`, { Allow: allow });
    }
    return (request) => {
      const params = new Map(request.params);
      for (const [name, value] of captured) params.set(name, [value, ...(params.get(name) ?? [])]);
      return handler({ ...request, params });
    };
  }

  /** The fitting route with the most exact segments. */
  #match(path: string): { route: Route; captured: [string, string][] } {
    const parts = path.split('/').slice(1);
    let best: { route: Route; captured: [string, string][] } | undefined;
    for (const route of this.#routes.values()) {
      const captured = match(route.segments, parts);
      if (captured && (!best || exactness(route) > exactness(best.route))) best = { route, captured };
    }
    if (!best) throw new HttpError(404, `nothing at ${path}`);
    return best;
  }
}

function parsePattern(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`a pattern starts with "/": ${JSON.stringify(pattern)}`);
  const names = new Set<string>();
  return pattern.split('/').slice(1).map((part) => {
    if (!part.startsWith(':')) return { literal: part };
    const name = part.slice(1);
    if (name === '') throw new Error(`${JSON.stringify(pattern)} has a parameter without a name`);
    if (names.has(name)) throw new Error(`${JSON.stringify(pattern)} names the parameter ${name} twice`);
    names.add(name);
    return { name };
  });
}

/** What each named segment matched, or undefined if the path doesn't fit. */
function match(segments: Segment[], parts: string[]): [string, string][] | undefined {
  if (segments.length !== parts.length) return undefined;
  const captured: [string, string][] = [];
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]!;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part === '') return undefined;
      captured.push([segment.name, part]);
    }
  }
  return captured;
}

const exactness = (route: Route) => route.segments.filter((s) => 'literal' in s).length;
