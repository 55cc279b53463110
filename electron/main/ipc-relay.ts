import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { checkCall, isEventName, type CallName } from '../../core/contract';
import { toErrorShape } from '../../core/shared/errors';
import type { Logger } from '../../core/shared/logger';
import { fail, type Result } from '../../core/shared/result';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/constants';
import { isTrustedSender, originOf, type FrameInfo } from './security';

/**
 * The IPC relay: the only door from a renderer into the core. Every message passes three checks, in this
 * order, before anything reaches the core process:
 *   1. the sender is our top-level frame on a trusted origin  → else `contract/forbidden-sender`
 *   2. the channel is a call of the contract                   → else `contract/unknown-channel`
 *   3. the input parses with that call's zod schema            → else `contract/invalid-input`
 * The core parses again (it is the authority for every host); this copy keeps junk and hostile frames out
 * of the core process entirely, as VS Code's validatedIpcMain does.
 */

export type Forward = (channel: CallName, input: unknown) => Promise<Result<unknown>>;

export type RelayOptions = {
  trustedOrigins: readonly string[];
  forward: Forward;
  logger: Logger;
};

/** The part of IpcMainInvokeEvent the relay reads. */
export type InvokeEventLike = { readonly senderFrame: FrameInfo | null };

function senderFrameOf(event: InvokeEventLike): FrameInfo | null {
  try {
    // reading senderFrame of a destroyed frame can throw in some Electron versions
    return event.senderFrame;
  } catch {
    return null;
  }
}

export function createInvokeHandler(opts: RelayOptions) {
  const { logger } = opts;
  return async (event: InvokeEventLike, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    const frame = senderFrameOf(event);
    if (!isTrustedSender(frame, opts.trustedOrigins)) {
      logger.warn('refused IPC from an untrusted sender', {
        origin: frame ? originOf(frame.url) : null,
        topFrame: frame ? frame.parent === null : null,
      });
      return fail({ code: 'contract/forbidden-sender', message: 'This frame may not call the app.' });
    }
    const checked = checkCall(channel, input);
    if (!checked.ok) {
      logger.warn(checked.error.code === 'contract/unknown-channel' ? 'unknown channel' : 'invalid input', {
        channel: String(channel).slice(0, 100),
        ...(checked.issues ? { issues: checked.issues } : {}),
      });
      return fail(checked.error);
    }
    try {
      // the raw input is forwarded, not `parsed.data`: the core re-parses with the same schema, and a schema with
      // transforms is not guaranteed to accept its own output
      return await opts.forward(checked.channel, input);
    } catch (e) {
      logger.error('relay forward failed', { channel, error: e instanceof Error ? e.message : String(e) });
      return fail(toErrorShape(e));
    }
  };
}

/** Registers the handler on `ipcMain`; returns the function that removes it. */
export function registerIpcRelay(ipc: Pick<IpcMain, 'handle' | 'removeHandler'>, opts: RelayOptions): () => void {
  const handler = createInvokeHandler(opts);
  ipc.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => handler(event, channel, input));
  return () => ipc.removeHandler(INVOKE_CHANNEL);
}

/**
 * Pushes a core event to renderers. Only contract events leave main; destroyed windows are skipped.
 * Returns how many windows it reached.
 */
export function sendEvent(targets: Iterable<Pick<WebContents, 'send' | 'isDestroyed'>>, event: string, payload: unknown): number {
  if (!isEventName(event)) return 0;
  let sent = 0;
  for (const contents of targets) {
    if (contents.isDestroyed()) continue;
    contents.send(EVENT_CHANNEL, { event, payload });
    sent++;
  }
  return sent;
}
