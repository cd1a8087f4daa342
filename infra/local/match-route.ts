import type { RouteDefinition } from '../../functions/routes.js';

export interface RouteMatch<R> {
  route: R;
  pathParameters: Record<string, string>;
}

/**
 * API Gateway's {param} templates, matched segment by segment the way API Gateway does. A path that exists
 * with other methods only answers which ones (405).
 */
export function matchRoute<R extends Pick<RouteDefinition, 'method' | 'path'>>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> | { notAllowed: string[] } | null {
  const segments = path.split('/').filter(Boolean);
  const allowed = new Set<string>();
  for (const route of routes) {
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const ok = template.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        pathParameters[part.slice(1, -1)] = safeDecode(segment);
        return segment.length > 0;
      }
      return part === segment;
    });
    if (!ok) continue;
    if (route.method === method) return { route, pathParameters };
    allowed.add(route.method);
  }
  return allowed.size > 0 ? { notAllowed: [...allowed].sort() } : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
