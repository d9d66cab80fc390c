/**
 * Entry point of the language server bundle (dist/server.js). The transport (`--node-ipc` from the
 * extension, `--stdio` for other editors and the protocol tests) is picked from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
