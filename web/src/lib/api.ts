// The crisis-router HTTP API from the browser: same origin, bearer key, JSON errors as ApiError.

export interface Session {
  clinicId: string;
  key: string;
  role: 'admin' | 'intake';
}

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
  /** The request may or may not have reached the server: only a retry with the same key is safe. */
  get uncertain(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Server clock minus browser clock, from the Date header (1 s resolution): countdowns use server time. */
let clockOffsetMs = 0;
export const serverNow = () => Date.now() + clockOffsetMs;

const TIMEOUT_MS = 10_000;

export async function call<T>(
  method: string,
  path: string,
  options: { key?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  const sent = Date.now();
  try {
    // Relative to the page: the API may sit under a stage path (/prod/v1/...) as the pages do.
    response = await fetch(new URL(path.replace(/^\//, ''), document.baseURI), {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, 'network', 'No answer from the server. Check the connection.');
  }
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isFinite(date)) {
    const offset = date + 500 - (sent + Date.now()) / 2;
    clockOffsetMs = Math.abs(offset) > 2_000 ? offset : 0;
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy's error page): handled below
  }
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)
    ?.error;
  throw new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `The server answered ${response.status}.`,
    error?.details ?? [],
  );
}

export const clinicPath = (session: Session, rest = '') =>
  `/v1/clinics/${encodeURIComponent(session.clinicId)}${rest}`;

export const get = <T>(session: Session, rest: string) =>
  call<T>('GET', clinicPath(session, rest), { key: session.key });

export interface Service {
  serviceId: string;
  name: string;
  escalation: { levels: Array<{ notify: unknown; ackTimeoutSeconds: number }>; repeat: number };
  fallbackServiceId?: string;
}

export interface Who {
  clinicianId?: string;
  name: string;
}
