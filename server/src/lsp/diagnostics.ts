/**
 * Turns core findings and settings problems into LSP diagnostics. The only place that knows how a
 * finding looks in the Problems panel: stable `source` and `code`, and a `codeDescription` link to
 * the rule's page shipped with the extension.
 */
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/model/finding';
import { describeSettingsProblem, type SettingsProblem } from '../core/config/resolveSettings';
import { assertNever } from '../core/model/assertNever';
import { ruleDocumentationUri } from '../fs/ruleDocumentation';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { listedRelated } from '../report/listedRelated';

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return assertNever(severity);
  }
}

export function findingToDiagnostic(finding: Finding): Diagnostic {
  const { listed, more } = listedRelated(finding);
  const data = {
    ...(finding.stage ? { stage: finding.stage, ...(finding.page ? { page: finding.page } : {}) } : {}),
    // The copies past those listed: a code action takes every copy from the index (codeActions.ts).
    ...(more > 0 ? { moreRelated: more } : {}),
  };
  return {
    range: finding.range,
    severity: toLspSeverity(finding.severity),
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: ruleDocumentationUri(finding.page ?? finding.rule) },
    message: finding.message,
    relatedInformation: listed.map((related) => ({
      location: { uri: URI.file(related.path).toString(), range: related.range },
      message: related.message,
    })),
    // Code actions tell the hard refactor's findings from the soft ones by it, and near-copies by their page (the client sends it back).
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

/** A rejected setting, shown on the pyproject.toml line that set it. */
export function settingsProblemToDiagnostic(problem: SettingsProblem): Diagnostic {
  return {
    range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: 'config',
    codeDescription: { href: ruleDocumentationUri('config') },
    message: describeSettingsProblem(problem),
  };
}
