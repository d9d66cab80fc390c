/** SARIF checks shared by the CLI tests. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** Asserts `log` is valid SARIF 2.1.0 by the official schema. */
export function assertValidSarif(log: unknown): void {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false, 'the validator rejects a run without a tool');
  assert.ok(validate(log as object), JSON.stringify(validate.errors, null, 2));
}
