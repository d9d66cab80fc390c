/**
 * Entry point of the language server bundle (dist/server.js). The transport (`--node-ipc` from the
 * extension, `--stdio` for other editors and the protocol tests) is picked from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A failure in one handler must not take the server down with every diagnostic it holds.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unhandled error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
startServer(connection);
