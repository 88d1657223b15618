import type { OpenJson } from '../context.js';
import { enc, type CallOptions, type ClientContext } from '../context.js';
import { DlError } from '../../entities/errors.js';
import { DlAbortError } from '../errors.js';

/** Command JSON (spec §6): `{ id, url, status, type, progress, spec, error, createdAt, updatedAt }`. */
export type CommandJson = Record<string, unknown> & {
  id: string;
  status: string;
  spec?: OpenJson;
  error?: unknown;
};

/** Statuses after which a command never changes. */
export const TERMINAL_COMMAND_STATUSES = ['success', 'failed', 'timeout', 'canceled', 'aborted'] as const;

/** Thrown by {@link CommandsRepository.wait} when a command ends other than `success`, or waiting timed out. */
export class DlCommandError extends DlError {
  override name = 'DlCommandError';
  constructor(
    message: string,
    readonly command: CommandJson,
  ) {
    super(message);
  }
}

/** Options of {@link CommandsRepository.wait}. */
export interface WaitOptions extends CallOptions {
  /** First sleep in ms; sleeps are `min(backoff * 2^n, maxSleep)`. @default 1000 */
  backoff?: number;
  /** @default 30000 */
  maxSleep?: number;
  /** Give up after this many ms. @default Infinity */
  timeout?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new DlAbortError({ status: 0, code: 'abort', message: 'waiting for command aborted' }));
      },
      { once: true },
    );
  });

/** Long operations (`/commands/{id}`). */
export class CommandsRepository {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /commands/{id}`. */
  async get(commandId: string, opts: CallOptions = {}): Promise<CommandJson> {
    return this.ctx.http.json<CommandJson>({ method: 'GET', path: `/commands/${enc(commandId)}`, signal: opts.signal });
  }

  /**
   * Polls until the command reaches a terminal status, sleeping `min(backoff * 2^n, 30 s)`
   * between polls as the SDK does. Resolves with the command on `success`.
   */
  async wait(command: string | CommandJson, opts: WaitOptions = {}): Promise<CommandJson> {
    const backoff = opts.backoff ?? 1000;
    const maxSleep = opts.maxSleep ?? 30_000;
    const deadline = Date.now() + (opts.timeout ?? Number.POSITIVE_INFINITY);
    let cmd = typeof command === 'string' ? await this.get(command, opts) : command;
    for (let n = 0; !(TERMINAL_COMMAND_STATUSES as readonly string[]).includes(cmd.status); n++) {
      if (Date.now() >= deadline)
        throw new DlCommandError(`command ${cmd.id} still ${cmd.status} after ${opts.timeout} ms`, cmd);
      await sleep(Math.min(backoff * 2 ** n, maxSleep, Math.max(0, deadline - Date.now())), opts.signal);
      cmd = await this.get(cmd.id, opts);
    }
    if (cmd.status !== 'success')
      throw new DlCommandError(
        `command ${cmd.id} ended ${cmd.status}${cmd.error ? `: ${JSON.stringify(cmd.error)}` : ''}`,
        cmd,
      );
    return cmd;
  }
}

/** Whether a response body is a Command rather than the entity. */
export function isCommand(v: unknown): v is CommandJson {
  const o = v as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.id === 'string' &&
    typeof o.status === 'string' &&
    'spec' in o &&
    typeof o.url === 'string' &&
    o.url.includes('/commands/')
  );
}
