/**
 * The baseline: the findings a team accepts for now (`.untangle/baseline.json`, committed), so
 * CI and the panel report only what is new ("grandfather old code"). A finding is matched by
 * rule, file and the text it covers, not by line: code added above it does not make it new.
 * Matching counts: two identical findings in a file with one in the baseline leaves one new.
 */
import * as path from 'path';
import { z } from 'zod';
import { RULE_IDS, type Finding } from '../model/finding';
import { figuresSchema } from '../model/figures';

export const BASELINE_FILE = '.untangle/baseline.json';

export const baselineSchema = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  findings: z.array(z.object({ rule: z.enum(RULE_IDS), path: z.string(), fingerprint: z.string() })),
  /** The workspace's figures when the baseline was saved, for the Health view's trend. */
  figures: figuresSchema.optional(),
});

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = Baseline['findings'][number];

/** How the baseline names a finding's file: relative to the project root, with `/`. */
export type RelativePath = (file: string) => string;

/** The finding's identity in a baseline: its rule, file and the code it covers. */
export function fingerprintOf(finding: Finding, text: string): string {
  // A long file is about the whole file, which changes with every edit.
  if (finding.rule === 'long-file') return 'module';
  const lines = text.split('\n').slice(finding.range.start.line, finding.range.end.line + 1);
  lines[lines.length - 1] = lines[lines.length - 1]?.slice(0, finding.range.end.character) ?? '';
  lines[0] = lines[0]?.slice(finding.range.start.character) ?? '';
  return hash(lines.join('\n').replace(/\s+/g, ' ').trim());
}

export function createBaseline(findings: readonly Finding[], relative: RelativePath, textOf: (file: string) => string, savedAt: Date): Baseline {
  return {
    version: 1,
    savedAt: savedAt.toISOString(),
    findings: findings
      .map((f) => ({ rule: f.rule, path: relative(f.path), fingerprint: fingerprintOf(f, textOf(f.path)) }))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b))),
  };
}

/** The findings the baseline does not account for. */
export function newSinceBaseline(findings: readonly Finding[], baseline: Baseline, relative: RelativePath, textOf: (file: string) => string): Finding[] {
  return notInBaseline(findings, baseline, (finding) => ({ rule: finding.rule, path: relative(finding.path), fingerprint: fingerprintOf(finding, textOf(finding.path)) }));
}

/** The items the baseline does not account for, each identified as a baseline entry; counted. */
export function notInBaseline<T>(items: readonly T[], baseline: Baseline, entryOf: (item: T) => BaselineEntry): T[] {
  const accepted = new Map<string, number>();
  for (const known of baseline.findings) accepted.set(keyOf(known), (accepted.get(keyOf(known)) ?? 0) + 1);
  return items.filter((item) => {
    const key = keyOf(entryOf(item));
    const left = accepted.get(key) ?? 0;
    if (left === 0) return true;
    accepted.set(key, left - 1);
    return false;
  });
}

function keyOf(entry: BaselineEntry): string {
  return `${entry.path}|${entry.rule}|${entry.fingerprint}`;
}

/**
 * The folder a baseline's paths are relative to: the one holding `.untangle/` for the usual
 * `.untangle/baseline.json`, else the baseline file's own folder.
 */
export function baselineRoot(baselineFile: string): string {
  const folder = path.dirname(baselineFile);
  return path.basename(folder) === '.untangle' ? path.dirname(folder) : folder;
}

/** FNV-1a, 32 bits, as hex: short, stable across platforms, no crypto needed. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
