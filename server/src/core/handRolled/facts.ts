/**
 * What the `hand-rolled` rule keeps of one module: the places where it re-implements a library
 * (retry loops, filtering and pagination by hand, JSON bodies validated by hand, `requests`
 * without `timeout`, environment parsing, CORS headers). The project detector sees facts, not
 * trees, so the finders run here, on the module's tree, and keep plain data.
 *
 * Hand-written timestamps are read from the Django facts instead (the model's fields are there),
 * and whether an environment read is in the settings module is the project's to say.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { SourceRange } from '../model/sourceRange';
import type { HandRolledEntry } from './catalogue';
import { classShapes, type ClassShape } from './classMethods';
import { findCorsHeaders } from './corsHeaders';
import { findEnvironmentParsing } from './environSettings';
import { findJsonBodyValidation } from './jsonBodyValidation';
import { findQueryFiltering } from './queryFiltering';
import { findRequestsWithoutTimeout } from './requestsTimeout';
import { findRetryLoops } from './retryLoop';
import { findSlicePagination } from './slicePagination';

export interface HandRolledOccurrence {
  readonly entry: HandRolledEntry;
  /** Where the finding is shown: the loop's header, the call, the function's name. */
  readonly range: SourceRange;
  /** What the message says of this place: "3 attempts, 2 s apart, on ConnectionError". */
  readonly detail: string;
  /**
   * A retry loop whose conversion to `@retry` keeps behaviour (retryLoop.ts); otherwise why not,
   * for the message. Undefined for the other entries.
   */
  readonly conversion?: { readonly convertible: true } | { readonly convertible: false; readonly reason: string };
}

export interface HandRolledFacts {
  readonly occurrences: readonly HandRolledOccurrence[];
  /** The module's classes with their methods, for the `mixed-responsibilities` hint (the same hard stage, the same tree walk's reach: bodies). */
  readonly classes: readonly ClassShape[];
}

/** Files whose text names none of these words hold none of the patterns: not worth a walk. */
const WORTH_A_WALK = /sleep|request|environ|getenv|Access-Control-Allow/;

/** The finders that look into function bodies, with the words their pattern cannot do without. */
const FUNCTION_FINDERS: readonly { readonly words: RegExp; readonly find: (fn: SyntaxNode, root: SyntaxNode) => HandRolledOccurrence[] }[] = [
  { words: /sleep/, find: findRetryLoops },
  { words: /\b(GET|query_params)\b/, find: findQueryFiltering },
  { words: /\b(GET|query_params)\b/, find: findSlicePagination },
  { words: /request\.(body|data)\b/, find: findJsonBodyValidation },
];

/** The hand-rolled patterns of the module parsed as `root`, in source order. */
export function handRolledFacts(root: SyntaxNode): HandRolledFacts {
  const classes = classShapes(root);
  if (!WORTH_A_WALK.test(root.text)) return { occurrences: [], classes };
  const text = root.text;
  // Each finder runs only where its words are: the module's first, then the function's.
  const finders = FUNCTION_FINDERS.filter(({ words }) => words.test(text));
  const functions = finders.length > 0 ? root.descendantsOfType('function_definition') : [];
  const occurrences = [
    ...functions.flatMap((fn) => {
      const inside = fn.text;
      return finders.filter(({ words }) => words.test(inside)).flatMap(({ find }) => find(fn, root));
    }),
    ...(/\brequests\b/.test(text) ? findRequestsWithoutTimeout(root) : []),
    ...(/environ|getenv/.test(text) ? findEnvironmentParsing(root) : []),
    ...(/Access-Control-Allow-/i.test(text) ? findCorsHeaders(root) : []),
  ];
  return { classes, occurrences: occurrences.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character) };
}
