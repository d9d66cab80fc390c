/**
 * The extension manifest against the code: every contributed command is registered by the
 * client and every registered one contributed, the walkthrough's and welcome view's command
 * links and media exist, and no keybinding is taken (the issue asks for none by default).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');

interface Manifest {
  readonly icon: string;
  readonly contributes: {
    readonly commands: readonly { command: string; title: string; category?: string }[];
    readonly keybindings?: unknown;
    readonly viewsWelcome: readonly { contents: string }[];
    readonly walkthroughs: readonly { steps: readonly { description: string; media: { markdown?: string; image?: string } }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The ids passed to registerCommand anywhere in the client's sources. */
function registeredCommands(): Set<string> {
  const ids = new Set<string>();
  const dir = path.join(ROOT, 'extension', 'src');
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))) {
    for (const match of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/registerCommand\(\s*'([\w.]+)'/g)) ids.add(match[1]);
  }
  return ids;
}

/** `command:untangle.x` links in markdown, ours only (VS Code's own commands are not ours to check). */
function linkedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/\(command:(untangle\.[\w.]+)/g)].map((match) => match[1]);
}

describe('the extension manifest', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('contributes exactly the commands the client registers', () => {
    assert.deepEqual([...registeredCommands()].sort(), [...contributed].sort());
  });

  it('puts every command in the Untangle category of the palette', () => {
    assert.deepEqual(manifest.contributes.commands.filter((c) => c.category !== 'Untangle').map((c) => c.command), []);
  });

  it('takes no keybinding', () => {
    assert.equal(manifest.contributes.keybindings, undefined);
  });

  it('links only contributed commands from the welcome view and the walkthrough, whose media exist', () => {
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    const markdown = [...manifest.contributes.viewsWelcome.map((v) => v.contents), ...steps.map((s) => s.description)].join('\n');
    assert.deepEqual(linkedCommands(markdown).filter((id) => !contributed.includes(id)), []);
    const media = [manifest.icon, ...steps.flatMap((s) => [s.media.markdown, s.media.image].filter((m): m is string => m !== undefined))];
    assert.deepEqual(media.filter((file) => !fs.existsSync(path.join(ROOT, file))), []);
  });
});
