// One-off, after upgrading a deployment to contact methods: `TABLE_NAME=<table> npm run migrate:contacts`
// with the operator's AWS credentials (docs/deploy.md, "Upgrading to contact methods").
import { createDocumentClient } from '../shared/adapters/aws/dynamo-client.js';
import { migrateContactMethods } from '../shared/adapters/aws/migrate-contact-methods.js';

const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('Set TABLE_NAME to the table of the stage (the stateful stack output TableName).');
  process.exit(2);
}
const report = await migrateContactMethods(createDocumentClient(), tableName, Date.now());
console.log(
  `clinicians with phone/email fields: ${report.found}; migrated: ${report.migrated}; changed meanwhile (already methods): ${report.skipped}`,
);
