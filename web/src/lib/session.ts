// Signing in with a clinic ID and a key. The key lives in sessionStorage (this tab only, gone when it
// closes); the clinic ID, which is no secret, is remembered in localStorage to prefill the form.
import { ApiError, call, type Session } from './api.js';
import { byId, setText } from './dom.js';

const CLINIC_STORE = 'crisis-router.clinic';
const KEY_STORE = (role: Session['role']) => `crisis-router.key.${role}`;
const FLASH_STORE = 'crisis-router.flash';

/** Which key a page takes: intake only, admin or intake (the board), admin only (the console). */
export type Want = 'intake' | 'board' | 'admin';

function stored(role: Session['role']): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY_STORE(role)) ?? 'null') as Session | null;
    return value && typeof value.key === 'string' && typeof value.clinicId === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Checks the key against the clinic and finds its role (admins may list clinicians, intake may not). */
async function probe(clinicId: string, key: string): Promise<Session> {
  const base = `/v1/clinics/${encodeURIComponent(clinicId)}`;
  await call('GET', `${base}/services`, { key });
  try {
    await call('GET', `${base}/clinicians`, { key });
    return { clinicId, key, role: 'admin' };
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return { clinicId, key, role: 'intake' };
    throw error;
  }
}

function explain(error: unknown, clinicId: string): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  switch (error.status) {
    case 401:
      return 'This key was not accepted. Check that it was copied whole, or ask your administrator for a new one.';
    case 403:
      return 'This key cannot do that here (is it a clinician key?). Use the intake or admin key.';
    case 404:
      return `No clinic “${clinicId}” for this key. Check the clinic ID.`;
    default:
      return error.message;
  }
}

/** Forgets the key (e.g. after a 401) and shows the sign-in form again with `message`. */
export function signOut(want: Want, message?: string): void {
  if (want !== 'admin') sessionStorage.removeItem(KEY_STORE('intake'));
  if (want !== 'intake') sessionStorage.removeItem(KEY_STORE('admin'));
  if (message) sessionStorage.setItem(FLASH_STORE, message);
  location.reload();
}

/** Shows the sign-in form until a usable key is entered, then calls `ready` (at once if one is stored). */
export function signIn(want: Want, ready: (session: Session) => void): void {
  const form = byId<HTMLFormElement>('signin');
  const clinicInput = byId<HTMLInputElement>('signin-clinic');
  const keyInput = byId<HTMLInputElement>('signin-key');
  const error = byId('signin-error');

  const begin = (session: Session) => {
    form.hidden = true;
    byId('who').hidden = false;
    setText(byId('who-clinic'), `${session.clinicId} · ${session.role} key`);
    byId('sign-out').addEventListener('click', () => signOut(want));
    ready(session);
  };

  const existing =
    want === 'intake'
      ? stored('intake')
      : want === 'admin'
        ? stored('admin')
        : (stored('admin') ?? stored('intake'));
  if (existing) return begin(existing);

  clinicInput.value = localStorage.getItem(CLINIC_STORE) ?? '';
  const flash = sessionStorage.getItem(FLASH_STORE);
  sessionStorage.removeItem(FLASH_STORE);
  setText(error, flash ?? '');
  form.hidden = false;
  (clinicInput.value ? keyInput : clinicInput).focus();

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const clinicId = clinicInput.value.trim();
    const key = keyInput.value.trim();
    clinicInput.setAttribute('aria-invalid', String(!clinicId));
    keyInput.setAttribute('aria-invalid', String(!key));
    if (!clinicId || !key) {
      setText(error, !clinicId ? 'Enter the clinic ID.' : 'Paste the key.');
      (!clinicId ? clinicInput : keyInput).focus();
      return;
    }
    busy = true;
    setText(error, '');
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      const session = await probe(clinicId, key);
      if (want === 'intake' && session.role !== 'intake')
        throw new Error('This is an admin key. Sending requests needs the clinic’s intake key.');
      if (want === 'admin' && session.role !== 'admin')
        throw new Error('This is an intake key. The admin console needs the clinic’s admin key.');
      localStorage.setItem(CLINIC_STORE, clinicId);
      sessionStorage.setItem(KEY_STORE(session.role), JSON.stringify(session));
      keyInput.value = '';
      begin(session);
    } catch (failure) {
      setText(error, failure instanceof ApiError ? explain(failure, clinicId) : (failure as Error).message);
      keyInput.setAttribute('aria-invalid', 'true');
      keyInput.focus();
    } finally {
      busy = false;
      if (button) button.disabled = false;
    }
  });
}
