// The service worker behind push pages: shows what the push carries (a page's title and one line, never
// patient detail) and opens its link when tapped. Nothing is cached: pages must always be live.
// Typed by hand (the page scripts' DOM types and the worker's types cannot share one program).
interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: { data: unknown; close(): void };
}
interface WorkerScope {
  registration: { showNotification(title: string, options: object): Promise<void> };
  clients: { openWindow(url: string): Promise<unknown> };
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
const worker = globalThis as unknown as WorkerScope;

worker.addEventListener('push', (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() as PushPayload | undefined) ?? {};
  } catch {
    payload = { body: event.data?.text() };
  }
  event.waitUntil(
    worker.registration.showNotification(payload.title ?? 'crisis-router', {
      body: payload.body ?? '',
      tag: payload.tag,
      data: { url: payload.url ?? '' },
      requireInteraction: true,
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | undefined)?.url;
  if (url) event.waitUntil(worker.clients.openWindow(url));
});
