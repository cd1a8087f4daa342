import type { RouteDefinition } from '../../functions/routes.js';

export interface RouteMatch<R> {
  route: R;
  pathParameters: Record<string, string>;
}

/** API Gateway's {param} templates, matched segment by segment the way API Gateway does. */
export function matchRoute<R extends Pick<RouteDefinition, 'method' | 'path'>>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> | 'method_not_allowed' | null {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
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
    pathMatched = true;
    if (route.method === method) return { route, pathParameters };
  }
  return pathMatched ? 'method_not_allowed' : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
