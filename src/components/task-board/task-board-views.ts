import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { textOn } from '../internal/contrast.js';
import { msg } from '../strings.js';
import type { TaskJson } from './task-board-source.js';
import type { StatusStats } from './task-stats.js';

/** One status action a task offers (`availableActions`, or the three built-in ones). */
export interface TaskAction {
  action: string;
  displayName: string;
  color: string;
  /** Text colour that reads on `color` (for the pressed action button). */
  onColor: string;
}

const BUILT_IN = ['completed', 'approved', 'discard'] as const;
const BUILT_IN_COLOR: Record<string, string> = {
  completed: 'var(--dl-color-success)',
  approved: 'var(--dl-color-accent)',
  discard: 'var(--dl-color-danger)',
};
const HEX = /^#[0-9a-fA-F]{3,8}$/;

/** The status actions of a task: its `availableActions`, else completed / approved / discard. */
export function taskActions(task: TaskJson | null): TaskAction[] {
  const raw = Array.isArray(task?.availableActions) ? (task!.availableActions as unknown[]) : [];
  const out: TaskAction[] = [];
  for (const a of raw) {
    const o = a as Record<string, unknown> | null;
    if (!o || typeof o.action !== 'string' || o.action === '' || out.some((x) => x.action === o.action)) continue;
    out.push({
      action: o.action,
      displayName: typeof o.displayName === 'string' && o.displayName ? o.displayName : statusName(o.action),
      ...(typeof o.color === 'string' && HEX.test(o.color)
        ? { color: o.color, onColor: textOn(o.color) }
        : { color: BUILT_IN_COLOR[o.action] ?? 'var(--dl-color-text-muted)', onColor: 'var(--dl-color-on-accent)' }),
    });
  }
  if (out.length) return out;
  return BUILT_IN.map((action) => ({
    action,
    displayName: statusName(action),
    color: BUILT_IN_COLOR[action]!,
    onColor: 'var(--dl-color-on-accent)',
  }));
}

/**
 * Display text of a status value: a built-in status reads as its state word from the catalog
 * ("Completed", "Approved", "Discarded", as the item and assignment pages say); a custom action as
 * the task names it. A task's `displayName` of a built-in action is its button's verb ("Complete"),
 * so it names the button, not the state.
 */
export function statusName(status: string | null, actions: readonly TaskAction[] = []): string {
  if (!status) return msg('taskBoard.status.none');
  const key = `taskBoard.status.${status}`;
  const text = msg(key);
  if (text !== key) return text;
  return actions.find((a) => a.action === status)?.displayName ?? status;
}

/** Colour of a status badge. */
export function statusColor(status: string | null, actions: readonly TaskAction[] = []): string {
  if (!status) return 'var(--dl-color-text-muted)';
  return actions.find((a) => a.action === status)?.color ?? BUILT_IN_COLOR[status] ?? 'var(--dl-color-text-muted)';
}

/** A progress bar with its percentage as text and as `role="progressbar"` values. */
export function progressBar(percent: number | null, label: string): TemplateResult | typeof nothing {
  if (percent === null) return nothing;
  return html`<div class="progress" part="progress">
    <div class="bar" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}>
      <div class="fill" part="progress-fill" style=${styleMap({ inlineSize: `${percent}%` })}></div>
    </div>
    <span class="pct">${percent}%</span>
  </div>`;
}

/**
 * Status count chips: one per status with items, plus the total, the items with open issues and
 * (`sentBack`, when known and not 0) the items a reviewer sent back.
 */
export function statusChips(
  stats: StatusStats | null,
  actions: readonly TaskAction[],
  sentBack?: number,
): TemplateResult | typeof nothing {
  if (!stats) return nothing;
  const entries = Object.entries(stats.counts).filter(([, n]) => n > 0);
  return html`<ul class="chips" part="counts">
    <li class="chip total">${msg('taskBoard.itemsCount', { count: stats.total })}</li>
    ${entries.map(
      ([s, n]) => html`<li class="chip" data-status=${s} style=${styleMap({ '--chip': statusColor(s, actions) })}>
        <span class="dot" aria-hidden="true"></span>${statusName(s, actions)} <b>${n}</b>
      </li>`,
    )}
    ${
      stats.issues
        ? html`<li class="chip" data-status="issue" data-issues=${stats.issues} title=${msg('taskBoard.openIssuesTitle')}
            style=${styleMap({ '--chip': 'var(--dl-color-danger)' })}><span class="dot" aria-hidden="true"></span>${msg(
              'taskBoard.withIssues',
              { count: stats.issues },
            )}</li>`
        : nothing
    }
    ${
      sentBack
        ? html`<li class="chip" data-status="sent-back" data-sent-back=${sentBack} title=${msg('taskBoard.returnedCountTitle')}
            style=${styleMap({ '--chip': 'var(--dl-color-warning)' })}><span class="dot" aria-hidden="true"></span>${msg(
              'taskBoard.sentBackCount',
              { count: sentBack },
            )}</li>`
        : nothing
    }
  </ul>`;
}

/** Priority badge (1 low, 2 medium, 3 high). */
export function priorityBadge(priority: unknown): TemplateResult | typeof nothing {
  if (priority !== 1 && priority !== 2 && priority !== 3) return nothing;
  return html`<span class="priority p${priority}" part="priority" title=${msg('taskBoard.priority')}
    >${msg(`taskBoard.priority.${priority}`)}</span
  >`;
}

/** Due date text; overdue when in the past and the task is not finished. */
export function dueDate(
  ms: unknown,
  percent: number | null,
  locale: string | undefined,
  now = Date.now(),
): TemplateResult | typeof nothing {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return nothing;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(ms));
  const overdue = ms < now && (percent ?? 0) < 100;
  return html`<span class="due ${overdue ? 'overdue' : ''}" part="due">${msg(overdue ? 'taskBoard.overdue' : 'taskBoard.due', { date })}</span>`;
}
