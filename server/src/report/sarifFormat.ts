/**
 * SARIF 2.1.0, for GitHub code scanning and other CI viewers. Locations are relative to
 * `%SRCROOT%` (the working folder), related places are `relatedLocations` (a duplicate of many
 * copies: the first of them, listedRelated.ts), and skipped files are tool execution notifications.
 */
import { pathToFileURL } from 'url';
import type { Finding, Severity } from '../core/model/finding';
import { RULES } from '../core/model/rules';
import type { SourceRange } from '../core/model/sourceRange';
import { assertNever } from '../core/model/assertNever';
import { ruleDocumentationUri } from '../fs/ruleDocumentation';
import { relativePathsFrom } from './relativePath';
import type { CheckReport } from './checkReport';
import { listedRelated } from './listedRelated';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(report: CheckReport, cwd: string): string {
  const rules = Object.values(RULES);
  const relative = relativePathsFrom(cwd);
  const location = (file: string, range: SourceRange) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(relative(file)), uriBaseId: '%SRCROOT%' },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'untangle',
            version: process.env.UNTANGLE_VERSION ?? '0.0.0-dev',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.summary },
              helpUri: ruleDocumentationUri(rule.id),
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((skipped) => ({
              level: 'note',
              message: { text: `skipped: ${skipped.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(relative(skipped.path)), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: report.findings.map((finding: Finding) => {
          const { listed, more } = listedRelated(finding);
          return {
            ruleId: finding.rule,
            ruleIndex: rules.findIndex((rule) => rule.id === finding.rule),
            level: sarifLevel(finding.severity),
            message: { text: finding.message },
            locations: [location(finding.path, finding.range)],
            relatedLocations: listed.map((related, id) => ({ id, ...location(related.path, related.range), message: { text: related.message } })),
            // SARIF's property bag: the copies past those listed, counted.
            ...(more > 0 ? { properties: { moreRelatedLocations: more } } : {}),
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'information':
    case 'hint':
      return 'note';
    default:
      return assertNever(severity);
  }
}
