/** Runs the hard refactor (pull repeated members up) on an inline workspace, the classes named. */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { pullUpMembers, pullUpOffer, type PullUp } from '../../../server/src/refactor/hard/pullUpMembers';
import type { GroupPlace } from '../../../server/src/refactor/hard/groupClasses';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf } from './refactorFixture';

export interface PulledUp {
  readonly files: Map<string, string>;
  readonly pullUp: PullUp;
  /** The workspace after the edit (the same files when refused). */
  readonly after: Map<string, string>;
  /** The title the code action list shows, without planning. */
  readonly offered: string;
}

/** The places of `classes` (`file:Class`, file relative to the workspace): the line of each class header. */
export function classPlaces(files: ReadonlyMap<string, string>, classes: readonly string[]): GroupPlace[] {
  return classes.map((spec) => {
    const [file, name] = spec.split(':');
    const text = files.get(`${ROOT}/${file}`);
    assert.ok(text !== undefined, `no ${file} in the fixture`);
    const line = text.split('\n').findIndex((l) => new RegExp(`^class ${name}\\b`).test(l));
    assert.ok(line >= 0, `no class ${name} in ${file}`);
    return { file: `${ROOT}/${file}`, line };
  });
}

/** Pulls up the members `classes` share in the workspace `fixture`. */
export async function pullUp(fixture: string, classes: readonly string[]): Promise<PulledUp> {
  const parser = await loadPythonParser();
  const files = memoryWorkspace(fixture);
  const snapshot = snapshotOf(files);
  const places = classPlaces(files, classes);
  const result = pullUpMembers(parser, snapshot, places);
  const after = result.result.safe ? applyEdit(files, result.result.edit) : files;
  return { files, pullUp: result, after, offered: pullUpOffer(parser, snapshot, places).title };
}

/** The refusal's reason; fails when the pull-up was planned. */
export function refusalOf(pulled: PulledUp): string {
  assert.ok(!pulled.pullUp.result.safe, `expected a refusal, got:\n${[...pulled.after.values()].join('\n---\n')}`);
  return pulled.pullUp.result.reason;
}

/** The text of a file after the edit; fails when the pull-up was refused. */
export function textAfter(pulled: PulledUp, file: string): string {
  assert.ok(pulled.pullUp.result.safe, `refused: ${pulled.pullUp.result.safe ? '' : pulled.pullUp.result.reason}`);
  return pulled.after.get(`${ROOT}/${file}`)!;
}
