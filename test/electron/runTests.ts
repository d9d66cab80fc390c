/**
 * The end-to-end checks of test/e2e, in desktop VS Code through @vscode/test-electron:
 * `npm run test:electron`. It downloads VS Code into .vscode-test/, so it needs internet and is
 * not part of `npm test` (.mocharc.json does not list test/electron).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { copyExample } from '../helpers/django/djangoProject';

async function main(): Promise<void> {
  const shop = copyExample('shop');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-electron-'));
  try {
    // runTests adds --disable-workspace-trust, --skip-welcome and --skip-release-notes itself.
    await runTests({
      extensionDevelopmentPath: path.resolve(__dirname, '../../..'),
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [
        shop,
        '--disable-extensions', // every other extension; ours is loaded from extensionDevelopmentPath
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
      ],
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(path.dirname(shop), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
