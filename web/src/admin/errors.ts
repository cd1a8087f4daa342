// Which control an API error detail belongs to. Pure (no DOM): unit-tested in test/unit/web/.

/**
 * The control path for a detail's `path` among `paths` (the console's `data-path`s): the same path, else
 * the closest parent (`escalation.levels.1` for `escalation.levels.1.notify.clinicianId`), else the
 * first control under it (`rotation.handoff.at` for `rotation.handoff`); null when none fits.
 */
export function fieldFor(path: string, paths: readonly string[]): string | null {
  if (!path) return null;
  if (paths.includes(path)) return path;
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const parent = parts.slice(0, n).join('.');
    if (paths.includes(parent)) return parent;
  }
  return paths.find((p) => p.startsWith(`${path}.`)) ?? null;
}

/** The API's rule for ids you choose (clinicianId, serviceId): the message it would give, or null. */
export function idProblem(id: string): string | null {
  if (!id) return 'Choose an ID: it is how the API and the rota name it, and it cannot change later.';
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)
    ? null
    : 'Must be 1-64 letters, digits, "-" or "_", starting with a letter or digit.';
}

/** A suggested id from a name: "Dr Ana Okafor" → "dr-ana-okafor". */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/**
 * A few of the API's messages are the validation library's defaults ("Too small: expected number to be
 * >=10"), not the plain words the rest of it uses: those are said plainly ("must be at least 10").
 */
export function plainMessage(message: string): string {
  const small = /^Too small: expected number to be >=?(-?[\d.]+)$/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  const big = /^Too big: expected number to be <=?(-?[\d.]+)$/.exec(message);
  if (big) return `must be at most ${big[1]}`;
  if (/^Invalid input: expected number, received (NaN|null)$/.test(message)) return 'must be a number';
  return message;
}
