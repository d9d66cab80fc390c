/**
 * The languages the duplicate-block rule covers besides Python: a Django project copies its
 * templates and static files (JavaScript, CSS) as often as its Python. Each maps file extensions
 * to the jscpd format that tokenizes it. Which are on is the setting `duplicateBlock.languages`.
 */
import * as path from 'path';

/** Every value `duplicateBlock.languages` takes; Python's clones come from Untangle's own engine. */
export const DUPLICATE_LANGUAGES = ['python', 'django-template', 'javascript', 'css'] as const;
export type DuplicateLanguage = (typeof DUPLICATE_LANGUAGES)[number];
export type WebLanguage = Exclude<DuplicateLanguage, 'python'>;

interface WebLanguageInfo {
  /** How the rule names the language to people (messages, reasons). */
  readonly label: string;
  /** The jscpd tokenizer's format. */
  readonly format: string;
  readonly extensions: readonly string[];
  /** How a comment opens and closes, to write jscpd's `jscpd:ignore-start` markers. */
  readonly comment: readonly [string, string];
}

/**
 * jscpd's `django` format (Prism's Django/Jinja2 grammar) rather than its `markup`, which reads
 * `{% url 'x' %}` inside an attribute as one word: tags, variables, filters and `{# #}` comments
 * come out as tokens of their own, and the HTML, `<script>` and `<style>` around them as markup,
 * JavaScript and CSS (compared with the static files of the same language).
 */
export const WEB_LANGUAGES: Readonly<Record<WebLanguage, WebLanguageInfo>> = {
  'django-template': { label: 'Django template', format: 'django', extensions: ['.html', '.htm', '.djhtml', '.jinja', '.jinja2'], comment: ['{#', '#}'] },
  javascript: { label: 'JavaScript', format: 'javascript', extensions: ['.js', '.mjs', '.cjs'], comment: ['/*', '*/'] },
  css: { label: 'CSS', format: 'css', extensions: ['.css'], comment: ['/*', '*/'] },
};

const BY_EXTENSION = new Map(
  (Object.entries(WEB_LANGUAGES) as [WebLanguage, WebLanguageInfo][]).flatMap(([language, info]) => info.extensions.map((ext) => [ext, language] as const)),
);

/** A glob of every template and static file, for the editor's document selector and file watcher. */
export const WEB_FILE_GLOB = `**/*.{${Object.values(WEB_LANGUAGES)
  .flatMap((info) => info.extensions.map((ext) => ext.slice(1)))
  .join(',')}}`;

/** The web language of a file by its extension, whether or not the setting turns it on. */
export function webLanguageOf(file: string): WebLanguage | undefined {
  return BY_EXTENSION.get(path.extname(file).toLowerCase());
}

/** Whether a file's name says it is a template or a static file (any web language). */
export function isWebFile(file: string): boolean {
  return webLanguageOf(file) !== undefined;
}

/** The extensions of the web languages among `languages`, for discovery. */
export function webExtensions(languages: readonly DuplicateLanguage[]): string[] {
  return languages.flatMap((language) => (language === 'python' ? [] : WEB_LANGUAGES[language].extensions));
}

/**
 * Templates and static files above this size are skipped: jscpd's own default `maxSize`. Its
 * tokenizer slows down with the square of a file's tokens (Django admin's vendored 170 KB
 * `select2.full.js` takes 0.7 s alone, more than the rest of Django's 220 such files together),
 * and files that large are vendored libraries, not code the team copies.
 */
export const WEB_MAX_FILE_BYTES = 100 * 1024;
