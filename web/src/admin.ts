// The admin console: a clinic admin sets up and runs their clinic after the platform created it. One
// section at a time (#settings, #clinicians, #services, #overrides, #keys in the URL, so Back and reload
// work); each section loads when it is shown. Modules under admin/ hold the sections.
import type { Session } from './lib/api.js';
import { byId, setText } from './lib/dom.js';
import { signIn } from './lib/session.js';
import { cliniciansSection } from './admin/clinicians.js';
import { Console } from './admin/context.js';
import { keysSection } from './admin/keys.js';
import { overridesSection } from './admin/overrides.js';
import { servicesSection } from './admin/services.js';
import { settingsSection } from './admin/settings.js';
import { words } from './admin/ui.js';

const SECTIONS = ['settings', 'clinicians', 'services', 'overrides', 'keys'] as const;
type Section = (typeof SECTIONS)[number];
const TITLE = 'Admin console · crisis-router';

function start(session: Session): void {
  const ctx = new Console(session);
  const notice = byId('admin-notice');
  byId('console').hidden = false;
  const sections: Record<Section, { show(): Promise<void> }> = {
    settings: settingsSection(ctx, byId('settings-body')),
    clinicians: cliniciansSection(ctx, byId('clinicians-body')),
    services: servicesSection(ctx, byId('services-body')),
    overrides: overridesSection(ctx, byId('overrides-body')),
    keys: keysSection(ctx, byId('keys-body')),
  };
  const current = (): Section => {
    const wanted = location.hash.slice(1);
    return (SECTIONS as readonly string[]).includes(wanted) ? (wanted as Section) : 'settings';
  };

  async function go(moveFocus: boolean): Promise<void> {
    const section = current();
    for (const name of SECTIONS) {
      byId(`sec-${name}`).hidden = name !== section;
      const link = byId(`tab-${name}`);
      if (name === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const heading = byId(`sec-${section}`).querySelector<HTMLElement>('h2');
    document.title = `${heading?.textContent ?? section} · ${TITLE}`;
    if (moveFocus) heading?.focus();
    const pane = byId(`sec-${section}`);
    pane.setAttribute('aria-busy', 'true');
    try {
      await sections[section].show();
      setText(notice, '');
    } catch (error) {
      setText(notice, `Could not load this section: ${words(error)}`);
    } finally {
      pane.setAttribute('aria-busy', 'false');
    }
  }

  window.addEventListener('hashchange', () => void go(true));
  ctx
    .loadClinic()
    .then((clinic) =>
      setText(byId('console-clinic'), `${clinic.name} (${clinic.clinicId}), clinic time ${clinic.timezone}.`),
    )
    .catch((error: unknown) => setText(notice, `Could not read the clinic: ${words(error)}`))
    .finally(() => void go(false));
}

signIn('admin', start);
