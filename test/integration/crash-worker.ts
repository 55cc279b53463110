// A core process for the crash tests: syncs or pushes against a simulator, and is killed at random moments
// by the test. Bundled with esbuild by the test so that each start costs milliseconds, not a TS compile.
import { createOdooClient } from '../../core/odoo';
import { silentLogger } from '../../core/shared/logger';
import { openStore } from '../../core/store/db';
import { pushOutbox } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { runSync } from '../../core/sync/sync-engine';

const [mode, cacheFile, url, apiKey] = process.argv.slice(2);
if (!mode || !cacheFile || !url || !apiKey) {
  process.stderr.write('usage: crash-worker sync|push CACHE URL APIKEY\n');
  process.exit(2);
}

const store = openStore(cacheFile);
const client = createOdooClient({ url, db: 'demo', login: 'admin', secret: apiKey, logger: silentLogger, timeoutMs: 5000, retry: { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 20 } });

async function main(): Promise<number> {
  await client.connect();
  // the test starts its kill timer here, so that kills land in the work rather than in start-up
  process.stdout.write('ready\n');
  if (mode === 'sync') {
    for (let i = 0; i < 20; i++) {
      const r = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'crash' }, { batchSize: 100, today: '2026-11-15', deletionCheck: 'always' });
      if (r.status === 'ok') return 0;
    }
    return 1;
  }
  const repo = createOutboxRepo(store.db);
  for (let i = 0; i < 500; i++) {
    await pushOutbox({ db: store.db, client, logger: silentLogger, connection: { id: 'sim', label: 'sim', login: 'admin' } });
    const c = repo.counts();
    if (c.pending + c.applying === 0) return 0;
  }
  return 1;
}

main().then(
  (code) => {
    store.close();
    process.exit(code);
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
