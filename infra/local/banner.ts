import type { LocalStack } from './local-stack.js';
import { DEMO_CLINIC_ID, DEMO_PEOPLE } from './seed-demo.js';

/** What a new user needs on screen: where it runs, the keys, and commands to paste. */
export function printBanner(stack: LocalStack): void {
  const { url, platformKey, demoKeys } = stack;
  const lines = [
    '',
    `crisis-router local stack is running at ${url}`,
    `  hotline:       ${url}/intake  (submit a request and watch it live)`,
    `  board:         ${url}/board   (who is on call, open requests, gaps)`,
    `  phones:        ${url}/phones  (every page as it lands, with its links and keys)`,
    `  my contacts:   ${url}/me      (a clinician's numbers, codes and test pages)`,
    `  health:        ${url}/health`,
    `  platform key:  ${platformKey}`,
  ];
  if (demoKeys) {
    const base = `${url}/v1/clinics/${DEMO_CLINIC_ID}`;
    lines.push(
      `  demo clinic:   ${DEMO_CLINIC_ID} (services: general, adolescent, addiction)`,
      `  admin key:     ${demoKeys.admin.key}`,
      `  intake key:    ${demoKeys.intake.key}`,
      ...demoKeys.clinicians.map((k) => `  clinician key: ${k.key}  (${k.clinicianId})`),
      '',
      'Demo phones (Ofcom drama numbers: none can ring a real phone):',
      ...DEMO_PEOPLE.map((p) => `  ${p.phone}  ${p.name}${p.clinicianId ? ` (${p.clinicianId})` : ''}`),
      '',
      'Try:',
      `  curl -s -H 'Authorization: Bearer ${demoKeys.admin.key}' ${base}/services/general/oncall`,
      `  curl -s -H 'Authorization: Bearer ${demoKeys.intake.key}' ${base}/services/adolescent/oncall`,
      `  curl -s -H 'Authorization: Bearer ${demoKeys.admin.key}' "${base}/services/addiction/shifts?from=$(date -u +%Y-%m-%dT00:00:00Z)&to=$(date -u -d '+7 days' +%Y-%m-%dT00:00:00Z)"`,
    );
  } else {
    lines.push('  (no demo clinic: SEED=none)');
  }
  lines.push('', 'Data is kept in DATA_DIR (default .data/); Ctrl-C stops.', '');
  console.log(lines.join('\n'));
}
