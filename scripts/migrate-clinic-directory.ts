// One-off, after upgrading a deployment to the coverage-gap check: `TABLE_NAME=<table> npm run
// migrate:clinic-directory` with the operator's AWS credentials (docs/deploy.md, "Upgrading to gap alerts").
import { createDocumentClient } from '../shared/adapters/aws/dynamo-client.js';
import { migrateClinicDirectory } from '../shared/adapters/aws/migrate-clinic-directory.js';

const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('Set TABLE_NAME to the table of the stage (the stateful stack output TableName).');
  process.exit(2);
}
const report = await migrateClinicDirectory(createDocumentClient(), tableName);
console.log(`clinics not yet in the directory: ${report.found}; added: ${report.added}`);
