// Command (spec §6): a long operation polled with GET /commands/{id} until it reaches a terminal status.
import { CommandsStatus } from '../enums.js';
import { Entity, type EntitySchema } from './entity.js';

/** Statuses after which a command never changes again: `success, failed, timeout, canceled, aborted`. */
export const COMMAND_TERMINAL_STATUSES: readonly string[] = Object.freeze([
  CommandsStatus.SUCCESS,
  CommandsStatus.FAILED,
  CommandsStatus.TIMEOUT,
  CommandsStatus.CANCELED,
  CommandsStatus.ABORTED,
]);

/** Longest pause between two polls, in seconds (the SDK caps its backoff at 30 s). */
export const COMMAND_MAX_POLL_SECONDS = 30;

/**
 * Seconds to wait before poll number `attempt` (0-based): `min(backoff * 2^attempt, 30)`.
 */
export function commandPollDelaySeconds(attempt: number, backoffSeconds: number): number {
  return Math.min(backoffSeconds * 2 ** attempt, COMMAND_MAX_POLL_SECONDS);
}

/**
 * A long-running platform operation (clone, export, task creation...).
 * @example
 * const cmd = Command.fromJson(json);
 * if (cmd.isTerminal() && cmd.status !== 'success') throw new Error(String(cmd.error));
 */
export class Command extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    url: 'string',
    status: 'string',
    type: 'string',
    progress: 'number',
    spec: 'object',
  };

  /** Key order of the platform's command JSON (spec §6). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'url',
    'status',
    'type',
    'progress',
    'spec',
    'error',
    'createdAt',
    'updatedAt',
  ];

  /** Current status (one of {@link CommandsStatus}). */
  get status(): CommandsStatus | (string & {}) | null {
    return this.getString('status');
  }

  /** Command type (`ExportDataset`, `CloneItem`...). */
  get type(): string | null {
    return this.getString('type');
  }

  /** Progress 0..100, or null. */
  get progress(): number | null {
    return this.getNumber('progress');
  }

  /** Operation-specific parameters and results (`spec.outputItemId`, `spec.createdTaskId`...). */
  get spec(): Record<string, unknown> | null {
    return this.getObject('spec');
  }

  /** Error reported by the platform (any JSON), or null. */
  get error(): unknown {
    return this.get('error') ?? null;
  }

  /** Whether the status is terminal (polling stops). */
  isTerminal(): boolean {
    const s = this.status;
    return s !== null && COMMAND_TERMINAL_STATUSES.includes(s);
  }

  /** Whether the command finished with `success`. */
  isSuccess(): boolean {
    return this.status === CommandsStatus.SUCCESS;
  }
}
