/**
 * Entry point of the language server bundle (dist/server.js). The transport (`--node-ipc` from the
 * extension, `--stdio` for other editors and the protocol tests) is picked from the command line.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
// A failure in one handler must not take the server down with every diagnostic it holds.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unhandled error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
startServer(connection);

/**
 * Over stdio, a frame the reader cannot parse (a bad `Content-Length`, a header without one, a
 * body that is not JSON) leaves it unable to find the next frame: it would stay alive but deaf.
 * It exits instead, so the client notices and restarts it. The library's own stdio setup does
 * not expose the reader, so this one builds it, and does what that setup did besides: exit when
 * the client closes the stream, and keep `console` off stdout, which carries the protocol.
 */
function stdioConnection(): Connection {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`untangle: unreadable message from the client, exiting so it restarts the server: ${error.message}\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(1));
  const stdio = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  console.log = (...args: unknown[]) => stdio.console.log(args.join(' '));
  console.info = (...args: unknown[]) => stdio.console.info(args.join(' '));
  console.warn = (...args: unknown[]) => stdio.console.warn(args.join(' '));
  console.error = (...args: unknown[]) => stdio.console.error(args.join(' '));
  return stdio;
}
