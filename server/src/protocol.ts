/**
 * Every custom message between the Untangle extension and its language server: one namespace per
 * message with its method, zod schema and inferred type. Both sides validate payloads with these
 * schemas. The methods are listed in docs/protocol.md.
 */
import { WorkspaceEdit } from 'vscode-languageserver-types';
import { z } from 'zod';
import { FIX_STAGES, RULE_IDS, SEVERITIES } from './core/model/finding';
import { figuresSchema } from './core/model/figures';
import { baselineSchema } from './core/baseline/baseline';
import { OBSERVABILITY_CHOICES } from './core/observability/parts';

/** The `source` of every diagnostic the server publishes, how the client tells ours apart. */
export const DIAGNOSTIC_SOURCE = 'untangle';

/**
 * Sent by the client in `initialize` (`initializationOptions`). `storagePath`: a folder of the
 * editor's storage for this workspace, where the server keeps its analysis cache; without it
 * every start analyses every file.
 */
export namespace InitializationOptions {
  export const schema = z.object({ storagePath: z.string().min(1).optional() });
  export type Options = z.infer<typeof schema>;
}

/** Sent by the server whenever analysis starts or ends, for the status-bar item. */
export namespace StatusNotification {
  export const method = 'untangle/status';
  export const schema = z.object({
    state: z.enum(['analyzing', 'idle']),
    /** Findings in the whole workspace. */
    findings: z.number().int().min(0),
    /** Python files analysed. */
    files: z.number().int().min(0),
  });
  export type Params = z.infer<typeof schema>;
}

/** Sent by the client to re-read settings and re-analyse every folder from disk. */
export namespace ReanalyzeRequest {
  export const method = 'untangle/reanalyze';
  export const schema = z.object({}).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = z.object({ files: z.number().int().min(0), findings: z.number().int().min(0) });
  export type Result = z.infer<typeof resultSchema>;
}

/** Sent by a client for the workspace's duplication figures (the panel reads them from the plan's figures). */
export namespace DuplicationSummaryRequest {
  export const method = 'untangle/duplicationSummary';
  export const schema = z.object({}).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = z.object({
    /** Code lines of every analysed file (blank, comment and docstring lines excluded). */
    codeLines: z.number().int().min(0),
    /** Code lines inside some reported clone (counted as codeLines counts them). */
    duplicatedLines: z.number().int().min(0),
    /** Of those, the lines one general function per class of near-copies could remove. */
    nearDuplicateLines: z.number().int().min(0),
    /** duplicatedLines / codeLines × 100, one decimal. */
    percentage: z.number().min(0),
    cloneClasses: z.number().int().min(0),
  });
  export type Result = z.infer<typeof resultSchema>;
}

/**
 * Sent by the client's "Move Symbol…" command once the user named the target module: the edit
 * that moves the top-level `name` of the document to it, or why it cannot.
 */
export namespace MoveSymbolRequest {
  export const method = 'untangle/moveSymbol';
  export const schema = z
    .object({
      uri: z.string().min(1),
      name: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
      /** Dotted module name, e.g. `shop.controllers.order_controllers` (created when missing). */
      targetModule: z.string().regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'a dotted module name'),
    })
    .strict();
  export type Params = z.infer<typeof schema>;
  /** Either `edit` (apply it) or `refused` (show it). */
  export const resultSchema = z.object({
    title: z.string(),
    edit: z.custom<WorkspaceEdit>((value) => WorkspaceEdit.is(value), 'a WorkspaceEdit').optional(),
    refused: z.string().optional(),
  });
  export type Result = z.infer<typeof resultSchema>;
}

/**
 * Sent by the client's "Rename Field…" command once the user named the new name: the edit moving
 * the model field declared as `field` in class `className` of the document, keeping the old name
 * reachable (a property, serializer keys, the migrations), or why it cannot.
 */
export namespace RenameFieldRequest {
  export const method = 'untangle/renameField';
  export const schema = z
    .object({
      uri: z.string().min(1),
      className: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
      field: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
      newName: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
    })
    .strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = MoveSymbolRequest.resultSchema;
  export type Result = MoveSymbolRequest.Result;
}

/**
 * Sent by the client's "Move field" command (offered per one-to-one the class declares): the edit
 * moving the model field `field` of class `className` to the model the one-to-one `through`
 * reaches, keeping the old name reachable (a property, serializer keys, lookups, the migrations),
 * or why it cannot.
 */
export namespace MoveFieldRequest {
  export const method = 'untangle/moveField';
  export const schema = z
    .object({
      uri: z.string().min(1),
      className: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
      field: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
      through: z.string().regex(/^[A-Za-z_]\w*$/, 'a Python name'),
    })
    .strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = MoveSymbolRequest.resultSchema;
  export type Result = MoveSymbolRequest.Result;
}

const featureGroupSchema = z.object({
  name: z.string().regex(/^[A-Za-z_]\w*$/, 'a group name fit for a module'),
  symbols: z.array(z.string().min(1)),
});

/** Sent by the client's "Split File…" command: the feature groups proposed for a module. */
export namespace FeatureGroupsRequest {
  export const method = 'untangle/featureGroups';
  export const schema = z.object({ uri: z.string().min(1) }).strict();
  export type Params = z.infer<typeof schema>;
  /** `evidence`: what the name comes from (`words`: a guess the user should rename). */
  export const resultSchema = z.object({
    groups: z.array(featureGroupSchema.extend({ evidence: z.enum(['model', 'url', 'view-name', 'words', 'shared']).optional() })),
  });
  export type Result = z.infer<typeof resultSchema>;
}

/** Sent once the user adjusted the groups: the edit splitting the module into them, or why not. */
export namespace SplitModuleRequest {
  export const method = 'untangle/splitModule';
  export const schema = z.object({ uri: z.string().min(1), groups: z.array(featureGroupSchema).min(2) }).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = MoveSymbolRequest.resultSchema;
  export type Result = MoveSymbolRequest.Result;
}

/**
 * Sent by the client's "Make the project observable…" command before its quick pick: each part
 * of the action on the settings module `uri`, whether it has anything left to write (`pending`)
 * and what (`detail`); or why the action does not apply (`refused`).
 */
export namespace ObservabilityPartsRequest {
  export const method = 'untangle/observabilityParts';
  export const schema = z.object({ uri: z.string().min(1) }).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = z.object({
    parts: z.array(z.object({ part: z.enum(OBSERVABILITY_CHOICES), pending: z.boolean(), detail: z.string() })),
    refused: z.string().optional(),
  });
  export type Result = z.infer<typeof resultSchema>;
}

/** Sent once the user picked the parts: the edit writing exactly those parts' missing pieces, or why not. */
export namespace MakeObservableRequest {
  export const method = 'untangle/makeObservable';
  export const schema = z
    .object({
      uri: z.string().min(1),
      parts: z
        .array(z.enum(OBSERVABILITY_CHOICES))
        .min(1)
        .refine((parts) => new Set(parts).size === parts.length, 'each part once'),
    })
    .strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = MoveSymbolRequest.resultSchema;
  export type Result = MoveSymbolRequest.Result;
}

const positionSchema = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });

/** Sent by the panel: every finding of one workspace folder with what the plan shows about it. */
export namespace PlanRequest {
  export const method = 'untangle/plan';
  export const schema = z.object({}).strict();
  export type Params = z.infer<typeof schema>;
  export const findingSchema = z.object({
    rule: z.enum(RULE_IDS),
    /** The plan stage whose refactoring fixes it. */
    stage: z.enum(FIX_STAGES),
    severity: z.enum(SEVERITIES),
    uri: z.string(),
    /** Relative to the folder, with `/`. */
    path: z.string(),
    range: z.object({ start: positionSchema, end: positionSchema }),
    message: z.string(),
    /** Matches the finding against a baseline (see core/baseline). */
    fingerprint: z.string(),
    /** Lines the fix touches, the plan's measure of impact. */
    lines: z.number().int().min(0),
  });
  export type Finding = z.infer<typeof findingSchema>;
  export const folderSchema = z.object({
    uri: z.string(),
    name: z.string(),
    findings: z.array(findingSchema),
    /** Size and feature groups of every file with a finding. */
    files: z.array(z.object({ path: z.string(), codeLines: z.number().int().min(0), groups: z.number().int().min(0) })),
    figures: figuresSchema,
  });
  export type Folder = z.infer<typeof folderSchema>;
  export const resultSchema = z.object({ folders: z.array(folderSchema) });
  export type Result = z.infer<typeof resultSchema>;
}

/** Sent by "Save Baseline": the baseline of a folder's current findings, for the client to write. */
export namespace BaselineRequest {
  export const method = 'untangle/baseline';
  export const schema = z.object({ folderUri: z.string().min(1) }).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = baselineSchema;
  export type Result = z.infer<typeof resultSchema>;
}

/** Sent by "Export SARIF Report": the workspace's findings as SARIF 2.1.0, paths relative to the folder. */
export namespace SarifReportRequest {
  export const method = 'untangle/sarifReport';
  export const schema = z.object({ folderUri: z.string().min(1) }).strict();
  export type Params = z.infer<typeof schema>;
  export const resultSchema = z.object({ sarif: z.string() });
  export type Result = z.infer<typeof resultSchema>;
}
