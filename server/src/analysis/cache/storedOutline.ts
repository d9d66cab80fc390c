/**
 * The outline of a module as the cache stores it (less its line mask, which travels as bytes),
 * and the check every stored outline passes before it is used. A cache file is input like any
 * other: one that passes its checksum but was not written by this build (copied, crafted) must be
 * refused rather than break the detectors. Typed against ModuleOutline, so a field added there
 * and missed here fails to compile.
 */
import type { ModuleOutline } from '../../core/python/moduleOutline';
import { arrayOf, isBoolean, isCount, isInteger, isString, object, oneOf, optional, type Check } from './valueChecks';

/** What the cache stores of an outline. */
export type StoredOutline = Omit<ModuleOutline, 'codeLineMask'>;

const position = object({ line: isCount, character: isCount });
export const range = object({ start: position, end: position });
const names = arrayOf(isString);

const classMember = object({
  kind: oneOf('method', 'attribute', 'meta'),
  name: isString,
  fingerprint: isString,
  range,
  lines: isCount,
  callee: optional(isString),
  value: optional(isString),
});

const symbol = object({
  name: isString,
  names,
  kind: oneOf('class', 'function', 'variable'),
  range,
  nameRange: range,
  references: names,
  bases: names,
  decorators: names,
  codeLines: isCount,
  members: arrayOf(classMember),
});

export const importBinding = object({
  localName: isString,
  module: isString,
  importedName: optional(isString),
  range,
  placement: oneOf('module', 'block', 'typeChecking'),
});

const directive = object({ rules: names, scope: oneOf('statement', 'file'), firstLine: isInteger, lastLine: isInteger });

const functionFacts = object({
  name: isString,
  className: optional(isString),
  range,
  nameRange: range,
  parameters: names,
  decorators: names,
  metrics: object({ ormCalls: isCount, loops: isCount, branches: isCount, statements: isCount, nesting: isCount, sideEffects: names }),
});

export const isStoredOutline: Check<StoredOutline> = object({
  symbols: arrayOf(symbol),
  imports: arrayOf(importBinding),
  preambleEnd: isCount,
  codeLines: isCount,
  totalLines: isCount,
  firstSyntaxError: optional(range),
  directives: arrayOf(directive),
  functions: arrayOf(functionFacts),
  routes: arrayOf(object({ target: isString, qualified: isBoolean })),
});
