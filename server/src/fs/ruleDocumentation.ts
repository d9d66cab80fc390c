/** Where the rule pages (docs/rules/<rule>.md) are, as shipped next to the bundles. */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { RuleId } from '../core/model/finding';

/**
 * Rule pages live in docs/rules/ at the top of the repo and of the .vsix: one folder above the
 * bundle (dist/), more when running from the per-file build (out/server/src/lsp/).
 */
const RULES_FOLDER = findRulesFolder(__dirname);

/** A file URI of the rule's page (or a finding's own page, `hand-rolled-retry-loop`); `config` is the page on settings problems. */
export function ruleDocumentationUri(rule: RuleId | 'config' | (string & {})): string {
  return URI.file(path.join(RULES_FOLDER, `${rule}.md`)).toString();
}

function findRulesFolder(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(start, '..', 'docs', 'rules');
  }
}
