/** "Untangle: Restart Server": for when the server was stopped after repeated crashes. */
import type { UntangleClient } from '../client';

export async function restartServer(client: UntangleClient): Promise<void> {
  await client.restart();
}
