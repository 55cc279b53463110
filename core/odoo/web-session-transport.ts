import { AppError } from '../shared/errors';
import { jsonRpcPost, positionalForm } from './jsonrpc-transport';
import type { AttemptOptions, CallSpec, Transport, TransportConfig } from './transport';

/**
 * The web client's own routes: `/web/session/authenticate` sets a `session_id` cookie, then
 * `/web/dataset/call_kw/<model>/<method>` runs calls under it. Only chosen explicitly
 * (`protocol: 'web-session'`), for servers whose proxy blocks `/jsonrpc`: it takes passwords only (the
 * login is interactive, so no API keys and no 2FA users), and its sessions expire — the client signs in
 * again once when Odoo answers SessionExpired.
 */
export function createWebSessionTransport(cfg: TransportConfig): Transport {
  let cookie: string | undefined;
  const common = { baseUrl: cfg.baseUrl, fetch: cfg.fetch, userAgent: cfg.userAgent };
  return {
    protocol: 'web-session',
    async authenticate(opts: AttemptOptions) {
      try {
        const { result, response } = await jsonRpcPost({ ...common, path: '/web/session/authenticate', params: { db: cfg.db ?? '', login: cfg.login, password: cfg.secret }, ...opts });
        const uid = result !== null && typeof result === 'object' ? (result as { uid?: unknown }).uid : undefined;
        // uid null: the password was right but a second factor is pending, which an app cannot provide
        if (typeof uid !== 'number') return false;
        const sid = /(?:^|[;,]\s*)session_id=([^;,\s]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
        if (sid === undefined) throw new AppError('odoo/protocol', 'Odoo signed in but did not open a web session.');
        cookie = `session_id=${sid}`;
        return uid;
      } catch (e) {
        if (e instanceof AppError && e.code === 'odoo/access-denied') return false;
        throw e;
      }
    },
    async execute(spec: CallSpec, _uid: number, opts: AttemptOptions) {
      const { args, kwargs } = positionalForm(spec);
      const { result } = await jsonRpcPost({
        ...common,
        path: `/web/dataset/call_kw/${spec.model}/${spec.method}`,
        params: { model: spec.model, method: spec.method, args, kwargs },
        headers: cookie !== undefined ? { cookie } : {},
        site: { model: spec.model, method: spec.method },
        ...opts,
      });
      return result;
    },
  };
}
