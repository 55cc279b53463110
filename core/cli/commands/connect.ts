import { EXIT, UsageError, type CliCommand } from '../command';
import { invoke, readStdin, withService } from '../service-runner';

type TestResult = { serverVersion: string; protocol: string; userName: string; warnings: string[] };
type Conn = { id: string; label: string; url: string; db: string | null; login: string; protocol: string; active: boolean };

export const connectCommand: CliCommand = {
  name: 'connect',
  summary: 'Test and save a connection to an Odoo server, and make it the active one.',
  help: `Usage: smart-odoo connect --url URL --login LOGIN (--api-key KEY | --password-stdin) [--db NAME]
                          [--label TEXT] [--protocol auto|jsonrpc|json2] [--no-activate] [--json]

Tests the connection first (version, database, credentials, access rights) and saves it only when it works.
The API key or password goes to the credential vault (the OS keyring when available, else an encrypted
file with a warning); it is never printed or logged.

Options:
  --url URL          the Odoo address, e.g. https://mycompany.odoo.com
  --db NAME          the database (needed when the server hosts several)
  --login LOGIN      the user's login, usually an e-mail address
  --api-key KEY      an API key (Odoo: Preferences → Account Security → New API Key)
  --password-stdin   read the password or API key from standard input instead
  --label TEXT       a name for this connection (default: the host name)
  --protocol P       auto (default), jsonrpc (Odoo 16–18) or json2 (Odoo 19+)
  --no-activate      save without making it the active connection
  --json             print {"connection": {...}, "server": {...}}

Example:
  echo "$ODOO_KEY" | smart-odoo connect --url https://acme.odoo.com --db acme --login me@acme.com --password-stdin`,
  options: {
    url: { type: 'string' },
    db: { type: 'string' },
    login: { type: 'string' },
    'api-key': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    label: { type: 'string' },
    protocol: { type: 'string' },
    'no-activate': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx, v) {
    const url = v.url as string | undefined;
    const login = v.login as string | undefined;
    if (!url) throw new UsageError('--url is required.');
    if (!login) throw new UsageError('--login is required.');
    const hasKey = typeof v['api-key'] === 'string';
    if (hasKey === Boolean(v['password-stdin'])) throw new UsageError('Give exactly one of --api-key or --password-stdin.');
    const protocol = (v.protocol as string | undefined) ?? 'auto';
    if (!['auto', 'jsonrpc', 'json2'].includes(protocol)) throw new UsageError('--protocol must be auto, jsonrpc or json2.');
    const secret = hasKey ? (v['api-key'] as string) : await readStdin();
    if (!secret) throw new UsageError('The password or API key is empty.');
    let label = v.label as string | undefined;
    if (!label) {
      try {
        label = new URL(url).host;
      } catch {
        label = url;
      }
    }
    return withService(ctx, async (service) => {
      const base = { url, login, secret, protocol, ...(v.db ? { db: v.db } : {}) };
      let server: TestResult;
      try {
        server = await invoke<TestResult>(service, 'connections:test', base);
      } catch (e) {
        ctx.err(`Connection failed: ${(e as Error).message}`);
        return EXIT.failure;
      }
      const connection = await invoke<Conn>(service, 'connections:save', { ...base, label, activate: !v['no-activate'] });
      if (v.json) ctx.out(JSON.stringify({ connection, server }, null, 2));
      else {
        ctx.out(`Connected to Odoo ${server.serverVersion} as ${server.userName} (${server.protocol}); saved as “${connection.label}”${connection.active ? ' and made active' : ''}.`);
        for (const w of server.warnings) ctx.err(`Warning: ${w}`);
      }
      return EXIT.ok;
    });
  },
};
