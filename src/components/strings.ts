/**
 * Every user-visible string of the dl-kit components, in one catalog ready for translation.
 *
 * A message is a template with `{name}` placeholders, or a function of its parameters (for plurals
 * and anything a template cannot say). `setStrings()` replaces any subset (a translation),
 * `defineStrings()` lets a component add its own defaults, and every component re-renders when the
 * catalog changes (`subscribeStrings`).
 *
 * @example
 * import { setStrings } from 'dl-kit/components';
 * setStrings({
 *   'labelPicker.search': 'Rechercher une étiquette',
 *   'taskBoard.itemsCount': ({ count }) => `${count} élément${Number(count) === 1 ? '' : 's'}`,
 * });
 */

/** Parameters substituted into a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A message: a `{placeholder}` template or a function of the parameters. */
export type Message = string | ((params: MessageParams) => string);

const plural = (one: string, many: string) => (p: MessageParams) =>
  (Number(p.count) === 1 ? one : many).replace('{count}', String(p.count));

/** The built-in (English) catalog. Keys are `component.thing`. */
export const defaultStrings = Object.freeze({
  // shared
  'common.loading': 'Loading…',
  'common.error': 'Something went wrong: {message}',
  'common.previousPage': 'Previous page',
  'common.nextPage': 'Next page',
  'common.page': 'Page {page} of {pages}',
  'common.none': 'None',
  'common.all': 'All',
  // label picker
  'labelPicker.search': 'Search labels',
  'labelPicker.labels': 'Labels',
  'labelPicker.noMatch': 'No label matches “{query}”',
  'labelPicker.empty': 'No labels in this ontology',
  'labelPicker.hotkey': 'Hotkey {key}',
  'labelPicker.count': plural('{count} label', '{count} labels'),
  // attribute editor
  'attributeEditor.attributes': 'Attributes',
  'attributeEditor.optional': 'optional',
  'attributeEditor.required': 'required',
  'attributeEditor.yes': 'Yes',
  'attributeEditor.no': 'No',
  'attributeEditor.unset': 'Not set',
  'attributeEditor.none': 'No attributes for this label',
  'attributeEditor.clear': 'Clear',
  // task board
  'taskBoard.tasks': 'Tasks',
  'taskBoard.assignments': 'Assignments',
  'taskBoard.items': 'Items',
  'taskBoard.noTasks': 'No tasks',
  'taskBoard.noAssignments': 'No assignments',
  'taskBoard.noItems': 'No items',
  'taskBoard.selectTask': 'Select a task to see its assignments and items',
  'taskBoard.allAssignments': 'All items of the task',
  'taskBoard.priority': 'Priority',
  'taskBoard.priority.1': 'Low',
  'taskBoard.priority.2': 'Medium',
  'taskBoard.priority.3': 'High',
  'taskBoard.due': 'Due {date}',
  'taskBoard.overdue': 'Overdue since {date}',
  'taskBoard.progress': 'Progress: {percent}%',
  'taskBoard.itemsCount': plural('{count} item', '{count} items'),
  'taskBoard.annotator': 'Annotator',
  'taskBoard.filename': 'Item',
  'taskBoard.status': 'Status',
  'taskBoard.actions': 'Actions',
  'taskBoard.open': 'Open',
  'taskBoard.openItem': 'Open {name}',
  'taskBoard.filterStatus': 'Status',
  'taskBoard.filterAssignee': 'Assignee',
  'taskBoard.anyStatus': 'Any status',
  'taskBoard.noStatus': 'To do',
  // Items a reviewer sent back, or with open issues: the annotator's list puts them first.
  'taskBoard.sentBackFilter': 'Sent back · open issues',
  'taskBoard.anyAssignee': 'Anyone',
  'taskBoard.setStatus': 'Mark {name} as {status}',
  'taskBoard.clearStatus': 'Clear {status} from {name}',
  'taskBoard.statusChanged': '{name}: {status}',
  'taskBoard.statusCleared': '{name}: status cleared',
  'taskBoard.status.completed': 'Completed',
  'taskBoard.status.approved': 'Approved',
  'taskBoard.status.discard': 'Discarded',
  'taskBoard.status.none': 'To do',
  // An item without status that a reviewer's issues sent back (what the annotator's list says).
  'taskBoard.sentBack': plural('Open issue', '{count} open issues'),
  'taskBoard.openIssues': plural('{count} open issue', '{count} open issues'),
  'taskBoard.openIssuesTitle': 'Issues a reviewer opened that are not marked fixed',
  // An item a reviewer sent back whose issues are all marked fixed: back to its annotator to complete.
  'taskBoard.returned': 'Sent back',
  'taskBoard.returnedTitle': 'A reviewer sent it back; its issues are marked fixed, it waits to be completed again',
  // A task's or assignment's items with at least one open issue.
  'taskBoard.sentBackCount': plural('{count} sent back', '{count} sent back'),
  'taskBoard.returnedCountTitle': 'Items a reviewer sent back to their annotator, not completed again yet',
  'taskBoard.withIssues': plural('{count} with an open issue', '{count} with open issues'),
} satisfies Record<string, Message>);

/** A key of the built-in catalog. */
export type DlStringKey = keyof typeof defaultStrings;

type Catalog = Record<string, Message>;

const defaults: Catalog = { ...defaultStrings };
let overrides: Catalog = {};
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of [...listeners]) l();
}

/**
 * Replaces some messages (a translation, or wording a host prefers). Keys not given keep their
 * current text; later calls override earlier ones.
 */
export function setStrings(partial: Readonly<Partial<Record<DlStringKey, Message>> & Record<string, Message>>): void {
  overrides = { ...overrides, ...partial };
  notify();
}

/** Drops every `setStrings()` override: back to the built-in catalog. */
export function resetStrings(): void {
  overrides = {};
  notify();
}

/**
 * Adds default messages for keys the built-in catalog does not have (a component's own strings).
 * Existing defaults and overrides are kept, so translations set earlier still win. Returns
 * `entries`, so a component can hold its catalog as a value and register it where it is used
 * (`new StringsController(this, myStrings)`): then no bundler can drop the registration as an
 * unused side-effect import.
 *
 * @example
 * export const viewerStrings = defineStrings({ 'itemViewer.fit': 'Fit' });
 */
export function defineStrings<T extends Readonly<Record<string, Message>>>(entries: T): T {
  for (const [k, v] of Object.entries(entries)) if (!(k in defaults)) defaults[k] = v;
  return entries;
}

/**
 * The text of message `key` with `{name}` placeholders filled from `params`. An unknown key
 * returns the key itself, so a missing translation is visible but never breaks rendering.
 *
 * @example
 * msg('taskBoard.due', { date: '3 May' }) // "Due 3 May"
 */
export function msg(key: DlStringKey | (string & {}), params: MessageParams = {}): string {
  const m = overrides[key] ?? defaults[key];
  if (m === undefined) return key;
  if (typeof m === 'function') return m(params);
  return m.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Calls `listener` after every catalog change; returns the unsubscribe function. Components
 * subscribe while connected and re-render.
 */
export function subscribeStrings(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
