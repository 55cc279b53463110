import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { silentLogger } from '../../core/shared/logger';
import { APP_ENTRY_URL, APP_ORIGIN } from '../shared/constants';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  resolveInside,
  resolveInsideReal,
} from './security';

const top = (url: string) => ({ url, parent: null });
const sub = (url: string) => ({ url, parent: top(APP_ENTRY_URL) });

describe('originOf', () => {
  it('builds scheme://host for our custom scheme (where Node says "null")', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN);
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
  });
  it('has no origin for host-less URLs', () => {
    for (const u of ['file:///etc/passwd', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', 'not a url']) {
      expect(originOf(u)).toBeNull();
    }
  });
});

describe('isTrustedSender', () => {
  it('accepts the top frame of the app origin', () => {
    expect(isTrustedSender(top(APP_ENTRY_URL), APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(top('app://smart-odoo/deep/route?x=1#y'), [APP_ORIGIN])).toBe(true);
  });
  it('accepts the dev server only when it is listed', () => {
    expect(isTrustedSender(top('http://localhost:5173/'), [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/'), [APP_ORIGIN, 'http://localhost:5173'])).toBe(true);
  });
  it('refuses a sub-frame, even on the app origin', () => {
    expect(isTrustedSender(sub(APP_ENTRY_URL), APP_ORIGIN)).toBe(false);
  });
  it('refuses a missing or detached frame', () => {
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null, detached: true }, APP_ORIGIN)).toBe(false);
  });
  it('refuses other origins, file://, and look-alike hosts', () => {
    for (const url of [
      'file:///home/user/out/renderer/index.html',
      'https://evil.example/',
      'app://smart-odoo.evil.example/index.html',
      'app://evil/index.html',
      'http://smart-odoo/index.html',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSender(top(url), APP_ORIGIN), url).toBe(false);
    }
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts plain http and https links', () => {
    expect(isSafeExternalUrl('https://www.odoo.com/documentation/18.0/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/a?b=c#d')).toBe(true);
  });
  it('refuses other schemes', () => {
    for (const u of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'ms-msdt:/id',
      'app://smart-odoo/index.html',
      'mailto:a@b.c',
      'vbscript:x',
      'ftp://example.com/',
    ]) {
      expect(isSafeExternalUrl(u), u).toBe(false);
    }
  });
  it('refuses credentials in the URL', () => {
    expect(isSafeExternalUrl('https://user:pass@example.com/')).toBe(false);
    expect(isSafeExternalUrl('https://mybank.example@evil.example/')).toBe(false);
  });
  it('refuses junk, control characters, whitespace and huge URLs', () => {
    for (const u of [undefined, null, 42, '', ' https://example.com', 'https://exa mple.com', 'https://example.com/\n', 'https://example.com/\u0000']) {
      expect(isSafeExternalUrl(u), String(u)).toBe(false);
    }
    expect(isSafeExternalUrl(`https://example.com/${'a'.repeat(3000)}`)).toBe(false);
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/srv/app/out/renderer');
  it('maps ordinary paths inside the root', () => {
    expect(resolveInside(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveInside(root, '/assets/my%20file.png')).toBe(path.join(root, 'assets', 'my file.png'));
    expect(resolveInside(root, '/')).toBe(root);
  });
  it('refuses traversal in every spelling', () => {
    for (const p of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/%2E%2E/%2e%2e/etc/passwd',
      '/assets/%2e%2e/%2e%2e/secret',
      '/..%2fsecret',
      '/..%2Fsecret',
      '/..',
      '/a/..',
      '/..\\secret',
      '/%5c..%5csecret',
      '/assets\\..\\..\\secret',
    ]) {
      expect(resolveInside(root, p), p).toBeNull();
    }
  });
  it('refuses absolute and drive-letter paths, NUL bytes and malformed escapes', () => {
    for (const p of ['//etc/passwd', '/%2fetc/passwd', '/C:/Windows/win.ini', '/c:%5cwindows', '/index.html%00.png', '/a\u0000b', '/%E0%A4%A']) {
      expect(resolveInside(root, p), p).toBeNull();
    }
  });
  it('treats a double-encoded dot as a plain name, not traversal', () => {
    expect(resolveInside(root, '/%252e%252e/x')).toBe(path.join(root, '%2e%2e', 'x'));
  });
  it('does not confuse a sibling folder sharing the prefix with the root', () => {
    // /srv/app/out/renderer-evil starts with the root's string but is outside it
    expect(resolveInside(root, '/../renderer-evil/x')).toBeNull();
  });
});

describe('resolveInsideReal (symlinks)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
    fs.mkdirSync(path.join(tmp.dir, 'root', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, 'root', 'index.html'), '<html></html>');
    fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  });
  afterEach(() => tmp.cleanup());

  it('resolves a real file inside the root', async () => {
    const file = await resolveInsideReal(path.join(tmp.dir, 'root'), '/index.html');
    expect(file).toBe(fs.realpathSync(path.join(tmp.dir, 'root', 'index.html')));
  });
  it('refuses a symlink that points outside the root', async () => {
    fs.symlinkSync(path.join(tmp.dir, 'secret.txt'), path.join(tmp.dir, 'root', 'assets', 'leak.txt'));
    expect(await resolveInsideReal(path.join(tmp.dir, 'root'), '/assets/leak.txt')).toBeNull();
  });
  it('returns null for a file that does not exist', async () => {
    expect(await resolveInsideReal(path.join(tmp.dir, 'root'), '/missing.js')).toBeNull();
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  it('locks everything to self with the agreed exceptions', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    // pdf.js's worker is served from our own origin
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
  it('never allows inline or evaluated scripts', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*/);
  });
});

type WindowOpenHandler = Parameters<WebContents['setWindowOpenHandler']>[0];

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: WindowOpenHandler | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: WindowOpenHandler) => {
      openHandler = h;
    },
  });
  const navigate = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    emitter.emit(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  const open = (url: string) => {
    if (!openHandler) throw new Error('no window open handler installed');
    return openHandler({ url } as Parameters<WindowOpenHandler>[0]);
  };
  return { contents: contents as unknown as WebContents, navigate, open };
}

describe('hardenWebContents', () => {
  const setup = () => {
    const f = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(f.contents, { trustedOrigins: [APP_ORIGIN], openExternal, logger: silentLogger });
    return { ...f, openExternal };
  };

  it('lets the app navigate within its own origin', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('will-navigate', 'app://smart-odoo/index.html#/reconcile')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });
  it('blocks navigation elsewhere and opens safe links in the OS browser instead', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('will-navigate', 'https://www.odoo.com/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://www.odoo.com/');
  });
  it('blocks unsafe navigations without opening anything', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(navigate('will-navigate', 'https://u:p@example.com/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });
  it('blocks redirects away from the app', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'app://smart-odoo/index.html')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });
  it('blocks every <webview>', () => {
    const { navigate } = setup();
    expect(navigate('will-attach-webview', APP_ENTRY_URL)).toBe(true);
  });
  it('denies every new window; http(s) links go to the OS browser', () => {
    const { open, openExternal } = setup();
    expect(open('https://example.com/help')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/help');
    expect(open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    let check: ((...args: unknown[]) => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as unknown as Session;
    hardenSession(session, silentLogger);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      request!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!({}, permission, APP_ORIGIN, {})).toBe(false);
    }
  });
});
