import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { discardRest } from './multipart.js';

/** Requests whose refused body is being read and dropped by {@link lingerAfterRefusal}. */
const lingering = new WeakSet<IncomingMessage>();

/**
 * After a 413: once the refusal has been sent, the rest of the body is read and dropped
 * (`discardRest`: while the client keeps sending, within `LINGER`), so a client still writing
 * reads the 413 instead of a reset connection. With no Node response to wait for (another
 * adapter), the body is cancelled at once.
 */
export function lingerAfterRefusal(c: Context): void {
  const body = c.req.raw.body;
  if (!body || body.locked) return;
  const env = c.env as Partial<HttpBindings> | undefined;
  if (env?.outgoing && env.incoming) {
    lingering.add(env.incoming);
    env.outgoing.once('finish', () => void discardRest(body));
  } else void body.cancel().catch(() => {});
}

/** As `@hono/node-server` drains an unread body once a response has ended (its own bounds). */
const UNREAD = { ms: 500, bytes: 64 * 1024 * 1024 };

/**
 * The server's `request` listener that replaces `@hono/node-server`'s `autoCleanupIncoming`: a
 * body left unread when the response ends is read and dropped for at most 500 ms / 64 MiB (as the
 * adapter does), then the connection is closed. A refused body ({@link lingerAfterRefusal}) is
 * left to its own, longer linger: the adapter's 500 ms closed the connection under a client that
 * sends slower than that, which then saw a broken pipe instead of the 413.
 */
export function cleanupUnreadBody(
  incoming: IncomingMessage,
  outgoing: { once(e: 'finish', f: () => void): void },
): void {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return;
  outgoing.once('finish', () => {
    if (incoming.complete || incoming.destroyed || lingering.has(incoming)) return;
    let n = 0;
    const close = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      const socket = incoming.socket;
      if (socket && !socket.destroyed) socket.destroySoon();
    };
    const onData = (chunk: Buffer) => {
      n += chunk.length;
      if (n > UNREAD.bytes) close();
    };
    const timer = setTimeout(close, UNREAD.ms);
    timer.unref?.();
    incoming.on('data', onData);
    incoming.once('end', () => {
      clearTimeout(timer);
      incoming.off('data', onData);
    });
    incoming.once('error', () => clearTimeout(timer));
    incoming.resume();
  });
}
