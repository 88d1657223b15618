import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { prewarm } from 'dl-kit';
import { itemStatusIn, ontologyLabels, sentBackIn, type DlAnnotationLayer, type LayerTool } from 'dl-kit/components';
import { client, session } from './session.js';
import { plural, screenStyles } from './styles.js';
import { go } from './router.js';
import { errorText, toJson } from './json.js';
import { datasetContext } from './dataset-context.js';
import { itemAnnotations } from './annotations-io.js';
import { assignmentItems, backLink, itemLink, neighbour, taskInfo, type ItemContext } from './item-context.js';
import {
  annotatorOf,
  approveItem,
  markFixed,
  issueFrame,
  openIssues,
  rejectItem,
  itemAfterWrite,
  markDecision,
  undoApprove,
  undoReject,
  undoItemStatus,
  type OpenIssue,
} from './review-io.js';
import { offerUndo } from './undo-toast.js';
import { openAgain, takeReopenFrame, undoAndReopen } from './reopen-frame.js';
import './open-issues-dialog.js';
import './required-dialog.js';
import type { MissingObject } from './required-dialog.js';
import { tip } from './shortcuts.js';
import { controlTakes, letterStep } from './page-keys.js';
import { startLabel } from './start-label.js';
import { startTool } from './start-tool.js';
import './help-overlay.js';
import './issue-panel.js';
import { pinnedShapeName } from './reject-dialog.js';
import { isVideoItem, VideoTracks } from './video-tracks.js';
import './subtitles-io.js';
import type { VttImportEvent } from './subtitles-io.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;

/** What the viewer needs from a client: the item's bytes, through the dl-kit client's cache. */
const viewerClient = {
  fetchItemBlob: (item: unknown, kind: 'stream' | 'thumbnail', signal?: AbortSignal) =>
    client().items.stream(item as never, { thumbnail: kind === 'thumbnail', signal, as: 'blob' }) as Promise<Blob>,
};

const MANAGERS = new Set(['owner', 'engineer', 'annotationManager']);
const STATUS_WORDS: Record<string, string> = { completed: 'Completed', approved: 'Approved', discard: 'Discarded' };
/** An item's file name without its folder and extension: `scene-003`. */
const baseName = (item: Json): string =>
  String(item.name ?? item.filename ?? item.id)
    .replace(/^.*\//, '')
    .replace(/\.[^.]+$/, '');

/**
 * The labeling page: `<dl-item-viewer>` with `<dl-annotation-layer>` (toolbar, label picker and
 * object list in its panel). Every edit goes to the client's outbox, which saves it (and keeps
 * it in IndexedDB while offline). Previous / next / back follow the list the item was opened
 * from (`context`): a dataset grid, an assignment, or a task. In a task, managers review:
 * approve (`A`) or reject with an issue pinned to the selected shape (`I`).
 */
@customElement('demo-item')
export class DemoItem extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      /* One line at any width the app supports (a second line would take it from the canvas): the
         buttons keep their size; the position text fills the free space (it is the bar's spacer) and
         its list name is cut first, with a tooltip, never "3 of 40"; the file name gives way only when
         that is gone. */
      .bar { margin-bottom: 8px; flex-wrap: nowrap; }
      .bar > * { flex-shrink: 0; white-space: nowrap; }
      .name { font-weight: 600; max-width: 40ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .bar > .name { flex-shrink: 1; min-width: 6ch; }
      .bar > .context { flex: 1 1 0; min-width: 0; display: flex; }
      .context > .list-name { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
      .context > .at { flex-shrink: 0; white-space: pre; }
      /* A cut list name takes focus (checkCut), and then shows whole under the bar: the tooltip's text
         for the keyboard. Its text is whole all along (what a screen reader reads). */
      .context { position: relative; border-radius: 4px; }
      .context:focus-visible { outline: 2px solid var(--dl-color-focus); outline-offset: 2px; }
      .context:focus::after { content: attr(title); position: absolute; top: calc(100% + 6px); left: 0; z-index: 20;
        padding: 4px 8px; white-space: nowrap; color: var(--dl-color-text); background: var(--dl-color-surface-raised);
        border: 1px solid var(--dl-color-border); border-radius: var(--dl-radius-md); box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
      .stage { flex: 1; min-height: 0; display: flex; border-radius: 10px; overflow: hidden; border: 1px solid var(--dl-color-border); }
      dl-item-viewer { flex: 1; min-width: 0; height: 100%; }
      .context { font-size: 13px; }
      /* What Complete just did (flashCompleted): in the position text's place while shown (it is then
         the bar's spacer: the file name keeps its width), whole: on two lines where one has no room
         ("Completed scene-035 · opened scene-034, the first not done" at 1024 px was cut after "the",
         and cut the file name too). Its negative block margins keep the bar one button high: two
         lines never take a row from the picture (nor refit it). */
      .bar.flashing > .context { display: none; }
      .bar > .flash { flex: 1 1 0; min-width: 0; display: flex; margin-block: -6px; }
      .flash > .pill { flex: 0 1 auto; min-width: 0; white-space: normal; overflow-wrap: anywhere; font-size: 12px; line-height: 15px;
        padding: 2px 10px; border-radius: 10px; color: var(--dl-color-text); background: var(--dl-color-selected);
        border: 1px solid var(--dl-color-accent); }
      .pill > span { display: inline-block; }
      /* The key note's live region is always in the bar; empty, it takes no room from the position text. */
      .bar > .note:empty { flex: 0 0 0; }
      .loading { padding: 24px; }
      /* The timeline reserves its track rows' height from the first frame (the picture keeps its size as tracks are
         added; before, each new track took a row from it under the pointer, walk 35), a reserve that grows with the
         window's height at half its rate: about three rows and a part of the fourth at 700 px high (the part says the
         list scrolls), five at 800, seven at 900, two at most below 650. The whole cap from the first frame had cost
         the picture (57 % at 1024x700) and the panel beside it its room (walk 36). Rows past it scroll; the timeline
         scrolls a track selected on the picture into its view. */
      dl-timeline {
        margin-top: 8px;
        --dl-timeline-max-height: clamp(58px, (100vh - 536px) / 2, 14rem);
        --dl-timeline-min-height: var(--dl-timeline-max-height);
      }
      demo-subtitles-io { margin-bottom: 8px; }
    `,
  ];

  @property() itemId = '';
  /** The list the item was opened from; `null` for a bare item link. */
  @property({ attribute: false }) context: ItemContext | null = null;
  @property({ type: Number }) index = -1;

  @state() private item: Json | null = null;
  @state() private ontology: Json | null = null;
  /** The label the layer starts on for this item: {@link startLabel}. */
  @state() private firstLabel: string | null = null;
  /** The tool the layer starts with for this item: {@link startTool}. */
  @state() private firstTool: LayerTool = 'select';
  /**
   * What the server had when the item loaded. The layer owns the annotations from then on (Lit
   * re-sets object properties on every render; the viewer and layer ignore a re-set of the same value).
   */
  @state() private annotations: Json[] | null = null;
  @state() private error = '';
  @state() private help = false;
  @state() private total: number | null = null;
  @state() private busy = false;
  @state() private status = '';
  @state() private back = '#/projects';
  @state() private listName = '';
  @state() private reviewer = false;
  @state() private issues: OpenIssue[] = [];
  /** Issues the annotator marked fixed (status `review`): what changed since the item was sent back. */
  @state() private fixedIssues: OpenIssue[] = [];
  @state() private rejecting: { shape: Json | null; frame: number | null } | null = null;
  /** "Complete with open issues?" is asked. */
  @state() private confirming = false;
  /** "Complete with required attributes unset?" is asked about these objects (null: not asked). */
  @state() private unsetRequired: MissingObject[] | null = null;
  /**
   * What Complete did, shown in the bar for a few seconds on the item it opened ("Completed
   * scene-003.png · opened scene-001.png, the first not done"): the jump can go backwards.
   */
  @state() private completedFlash: { done: string; where: string; on: string } | null = null;
  private flashTimer = 0;
  /**
   * A short note in the bar about a key that could not act ("Last item — nothing after it"), in the
   * position text's place while shown; its element stays in the page (a live region announces changes).
   */
  @state() private note = '';
  private noteTimer = 0;
  /** The issue banner's height (px) kept while the item is open, once an issue was marked fixed (0: none). */
  @state() private issuesRoom = 0;
  /** What the annotator marked fixed on this item (the banner says so in the room its issues left). */
  @state() private markedFixed: string[] = [];
  /** Where {@link moveOn} went last in an assignment: the item and its index, or null (the list). */
  private movedTo: { id: string; index: number; name: string } | null = null;
  @query('dl-annotation-layer') private layer?: DlAnnotationLayer;

  /** The timeline of a video item (video-tracks.ts). */
  private readonly videoTracks = new VideoTracks(
    () => ({ itemId: this.itemId, datasetId: this.datasetOf, item: this.item }),
    (message) => (this.error = message),
  );

  private readonly onKey = (e: KeyboardEvent) => {
    // Only the keys the focused control uses stay its own (a slider's End, a text field's letters):
    // N or Ctrl+Enter from a radio or a slider of the side panel act on the item (page-keys.ts).
    if (controlTakes(e)) return;
    if (e.defaultPrevented || this.rejecting || this.confirming || this.unsetRequired) return;
    // Under the help only the dialog's own keys act (PageDown scrolls its list, not to the next item;
    // Ctrl+Enter does not complete the item under it).
    if (this.help && e.key !== '?' && e.key !== 'Escape') return;
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    if (e.key === '?') {
      this.help = !this.help;
      e.preventDefault();
    } else if (e.key === 'Escape' && this.help) this.help = false;
    else if (e.key === 'PageDown' || letterStep(e) === 1) void this.step(1);
    else if (e.key === 'PageUp' || letterStep(e) === -1) void this.step(-1);
    else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && this.context?.kind === 'assignment')
      void this.setStatus('completed');
    else if (this.reviewer && plain && (e.key === 'a' || e.key === 'A')) void this.approve();
  };

  /** Under review (a task's item, a reviewer): the review actions are on this page. */
  private get reviewing(): boolean {
    return this.reviewer && this.context?.kind === 'task';
  }

  /**
   * A task's item (the review, a task board): only its managers open it. The tool kept from
   * labeling does not apply there, and a tool used there is not kept for labeling ({@link startTool}).
   */
  private get underReview(): boolean {
    return this.context?.kind === 'task';
  }

  /**
   * `I` under review is "reject", wherever the focus is on the page: on a video the layer and the
   * timeline's track list would take it first as "key frame here" (so `I` rejected or made a key
   * frame depending on the selection and the focus). This listener runs before theirs (capture on
   * the window) and keeps it from them; the key frame stays on the timeline's button. The help lists
   * `I` once, as Reject. Elsewhere (labeling, a dataset's item) `I` is the key frame.
   */
  private readonly onReviewKey = (e: KeyboardEvent) => {
    if (e.key !== 'i' && e.key !== 'I') return;
    if (
      e.ctrlKey ||
      e.metaKey ||
      e.altKey ||
      e.shiftKey ||
      !this.reviewing ||
      this.rejecting ||
      this.confirming ||
      this.unsetRequired
    )
      return;
    if (controlTakes(e) || this.help) return;
    e.preventDefault();
    e.stopPropagation();
    this.openReject();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('keydown', this.onReviewKey, true);
    void this.updateComplete.then(() => {
      const pos = this.renderRoot.querySelector('[data-position]');
      if (pos && this.isConnected) this.resize.observe(pos);
    });
    // The labeling page may convert masks: start the OpenCV worker when the page is idle.
    const idle =
      (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ??
      ((cb: () => void) => setTimeout(cb, 500));
    idle(() => void prewarm().catch(() => undefined));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('keydown', this.onReviewKey, true);
    clearTimeout(this.flashTimer);
    clearTimeout(this.noteTimer);
    this.keepTool();
    this.videoTracks.detach();
    this.resize.disconnect();
  }

  /** Watches the position text's width: a cut list name is reachable by keyboard ({@link checkCut}). */
  private readonly resize = new ResizeObserver(() => this.checkCut());
  /** The frame the item's video opens at (an undone decision's, {@link takeReopenFrame}), until it loads. */
  private reopenAt: number | undefined;

  /** Makes the position text a tab stop while its list name is cut (focus shows it whole), none else. */
  private checkCut(): void {
    const pos = this.renderRoot.querySelector<HTMLElement>('[data-position]');
    const name = pos?.querySelector<HTMLElement>('.list-name');
    if (!pos || !name) return;
    if (name.scrollWidth > name.clientWidth) pos.tabIndex = 0;
    else pos.removeAttribute('tabindex');
  }

  override updated(): void {
    this.checkCut();
    const root = this.renderRoot;
    const timeline = root.querySelector('dl-timeline');
    const viewer = root.querySelector('dl-item-viewer');
    const layer = root.querySelector('dl-annotation-layer');
    if (timeline && viewer && layer) this.videoTracks.attach(viewer, layer, timeline);
    else this.videoTracks.detach();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('itemId')) {
      this.keepTool(); // of the item left (load() drops it)
      void this.load();
    }
    if (changed.has('context')) void this.loadContext();
  }

  /**
   * The item is left: when its layer is on Select (picked, or kept to edit only), the next item of
   * its type starts on Select ({@link startTool}); a drawing tool counts once it drew ({@link onCreate}).
   */
  private keepTool(): void {
    const s = session();
    if (s && this.item && this.layer?.tool === 'select' && !this.underReview)
      s.drawnTool[isVideoItem(this.item) ? 'video' : 'image'] = 'select';
  }

  private async loadContext(): Promise<void> {
    const ctx = this.context;
    this.total = null;
    try {
      this.back = await backLink(ctx, this.datasetOf);
      if (ctx?.kind === 'task') {
        const t = await taskInfo(ctx.taskId);
        const project = toJson(await client().projects.get(t.projectId));
        this.reviewer = MANAGERS.has(project.role);
        this.listName = `${ctx.review ? 'Review' : 'Task'}: ${t.name}`;
      } else if (ctx?.kind === 'assignment') this.listName = 'My assignment';
      else this.listName = '';
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private async load(): Promise<void> {
    const id = this.itemId;
    // This load takes the frame an undo reopens the item at, whether or not it gets to show it.
    this.reopenAt = takeReopenFrame(id);
    this.item = null;
    this.annotations = null;
    this.issues = [];
    this.fixedIssues = [];
    this.error = '';
    this.note = '';
    this.issuesRoom = 0;
    this.markedFixed = [];
    const c = client();
    try {
      const item = toJson<Json>(await c.items.get(id, { cache: 'network-first' }));
      if (id !== this.itemId) return;
      const ds = item.datasetId as string;
      const [ctx, anns] = await Promise.all([datasetContext(ds), itemAnnotations(ds, id)]);
      if (id !== this.itemId) return;
      this.ontology = ctx.ontology;
      // Once per item (a binding re-read on every render would undo a label picked since).
      const tags = ctx.ontology ? ontologyLabels(ctx.ontology).map((l) => l.tag) : [];
      this.firstLabel = startLabel(session()?.drawnLabel ?? null, tags);
      const type = isVideoItem(item) ? 'video' : 'image';
      // Under review always Select. Read from the context, not `reviewing`: the reviewer role comes
      // from loadContext, which runs alongside this load on the page's first item.
      this.firstTool = startTool(session()?.drawnTool[type] ?? null, type, { reviewing: this.underReview });
      this.item = item;
      this.annotations = anns;
      this.issues = openIssues(anns);
      this.fixedIssues = openIssues(anns, 'review');
      this.status = this.statusOf(item);
      if (!this.context) this.back = await backLink(null, ds);
      // How many items the list has now (for "3 of 40" and the Next button); usually a cached page.
      // Read on every item: a review list shrinks with each decision.
      if (this.index >= 0 && this.context)
        void neighbour(this.context, this.index)
          .then((n) => n && id === this.itemId && (this.total = n.total))
          .catch(() => undefined);
    } catch (e) {
      if (id !== this.itemId) return;
      const status = (e as { status?: number }).status;
      this.error =
        status === 403 || status === 404
          ? 'You cannot open this item: it is not in your assignment (or it does not exist). Ask your task manager for access.'
          : errorText(e);
    }
  }

  /** The item's status in the task or assignment of the context ('' for none, `rejected` when sent back). */
  private statusOf(item: Json): string {
    const ctx = this.context;
    const ref = ctx?.kind === 'assignment' ? ctx.assignmentId : ctx?.kind === 'task' ? ctx.taskId : null;
    if (!ref) return '';
    const s = itemStatusIn(item, ref);
    if (s) return s;
    // An assignment's task: the one its status changes were logged under (an item keeps the refs of
    // earlier tasks, so its first task ref may be another's). Without any, it cannot be sent back.
    const log = (item.metadata?.system?.taskStatusLog ?? []) as Json[];
    const taskId = ctx?.kind === 'task' ? ctx.taskId : log.find((e) => e.assignmentId === ref && e.taskId)?.taskId;
    return taskId && sentBackIn(item, taskId, session()?.email) ? 'rejected' : '';
  }

  private get datasetOf(): string {
    return (this.item?.datasetId as string) ?? (this.context?.kind === 'dataset' ? this.context.datasetId : '');
  }

  // ---- edits -> outbox ------------------------------------------------------------------------

  private async onCreate(e: CustomEvent<{ annotation: Json }>): Promise<void> {
    // The label drawn with, for the next item's start (not one a relabel picked, nor that of a
    // shape put back by an undo: a new shape takes the layer's label).
    const { label } = e.detail.annotation;
    const s = session();
    if (s && typeof label === 'string' && label === this.layer?.label) s.drawnLabel = label;
    // The tool drawn with, for the next item's start (per page type; startTool decides if it carries).
    if (s && this.item && this.layer && !this.underReview)
      s.drawnTool[isVideoItem(this.item) ? 'video' : 'image'] = this.layer.tool;
    await client().outbox.create(this.itemId, this.datasetOf, {
      ...e.detail.annotation,
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  private async onUpdate(e: CustomEvent<{ annotation: Json; previous: Json }>): Promise<void> {
    await client().outbox.update(e.detail.annotation, e.detail.previous, {
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  private async onDelete(e: CustomEvent<{ annotation: Json }>): Promise<void> {
    const a = e.detail.annotation;
    await client().outbox.delete({
      id: a.id ?? undefined,
      clientId: a.metadata?.system?.clientId,
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  // ---- navigation, status, review ---------------------------------------------------------------

  private async step(delta: number): Promise<void> {
    if (this.busy || this.index < 0 || !this.context) return;
    // At an end of the list the key says so (before, N on the last item did nothing, silently).
    if (this.index + delta < 0) return this.sayNote('First item — nothing before it');
    this.busy = true;
    try {
      const n = await neighbour(this.context, this.index + delta);
      if (n) {
        this.total = n.total;
        go(itemLink(this.context, n));
      } else this.sayNote('Last item — nothing after it');
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }

  /** After the item left its list (reviewed) or was finished: the next item to work on, else the list. */
  private async moveOn(): Promise<void> {
    const ctx = this.context;
    if (!ctx) return;
    if (ctx.kind === 'assignment') {
      // In the order the page's position and Prev / Next follow (the item just done keeps its place).
      const list = await assignmentItems(ctx.assignmentId, { keepOrder: true });
      this.total = list.length;
      // Another item: one decided but still flagged (discarded with an issue open) is not "next".
      const i = list.findIndex((e) => e.flag !== 'done' && e.item.id !== this.itemId);
      const to = list[i]?.item;
      this.movedTo = to ? { id: to.id, index: i, name: baseName(to) } : null;
      return go(i >= 0 ? itemLink(ctx, { id: list[i]!.item.id, index: i }) : this.back);
    }
    // A review list loses the item just reviewed: the next one is now at the same index.
    const n = await neighbour(ctx, ctx.kind === 'task' && ctx.review ? this.index : this.index + 1);
    // The list's count now (a review list lost the item just reviewed: "1 of 3" stayed on every item).
    if (n) this.total = n.total;
    go(n && n.id !== this.itemId ? itemLink(ctx, n) : this.back);
  }

  /**
   * Moves on after a decision, offering to undo it (the app's status line): `restore` puts the
   * server back as it was, then this item opens again. The undo waits for the move on, so the
   * item page never stays on the list it was leaving.
   */
  private async moveOnUndoable(text: string, undone: string, restore: () => Promise<void>): Promise<void> {
    const ctx = this.context;
    if (!ctx) return;
    const back = itemLink(ctx, { id: this.itemId, index: this.index });
    // A video reopens at the frame it was left on (a rejection raised at frame 40 undone reopened
    // at frame 0: walk 35).
    const itemId = this.itemId;
    const frame = this.videoFrame();
    let moving: Promise<void> = Promise.resolve();
    offerUndo({
      // The toast goes along to the next item: it names the item it means ("Approved scene-028").
      text: this.item ? `${text} ${baseName(this.item)}` : text,
      undone,
      undo: () =>
        undoAndReopen({ itemId, frame, moving, restore, reopen: () => openAgain(back, () => void this.load()) }),
      moving: () => moving,
    });
    moving = this.moveOn();
    await moving;
  }

  /**
   * Completes or discards the item in the assignment. Completing with issues still open (not marked
   * fixed) asks first, unless `skip.issues`; then, with objects whose required attributes are unset
   * (the object list marks them), unless `skip.required`. A discard can be undone for a few
   * seconds (the status line).
   */
  private async setStatus(status: string, skip: { issues?: boolean; required?: boolean } = {}): Promise<void> {
    const ctx = this.context;
    if (ctx?.kind !== 'assignment' || this.busy || !this.item) return;
    if (status === 'completed' && this.issues.length && !skip.issues) {
      this.confirming = true;
      return;
    }
    if (status === 'completed' && !skip.required) {
      const missing = this.layer?.missingRequired() ?? [];
      if (missing.length) {
        this.unsetRequired = missing;
        return;
      }
    }
    this.busy = true;
    try {
      await client().outbox.flush();
      const item = this.item;
      const previous = itemStatusIn(item, ctx.assignmentId);
      const answer = await client().assignments.setItemStatus(ctx.assignmentId, this.itemId, status, {
        datasetId: this.datasetOf,
      });
      this.status = status;
      if (status === 'discard') {
        const mark = await markDecision(
          this.itemId,
          ctx.assignmentId,
          [],
          itemAfterWrite(item, ctx.assignmentId, answer),
        );
        await this.moveOnUndoable('Discarded', 'Discard undone', () =>
          undoItemStatus(ctx.assignmentId, item, status, previous, mark),
        );
      } else {
        const from = this.index;
        await this.moveOn();
        this.flashCompleted(baseName(item), from);
      }
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }

  /** Says `text` in the bar, in the position text's place, for a few seconds (also announced: a status). */
  private sayNote(text: string): void {
    this.note = text;
    clearTimeout(this.noteTimer);
    this.noteTimer = window.setTimeout(() => (this.note = ''), 4000);
  }

  /** Says in the bar what Complete completed and which item it opened (also announced: a status). */
  private flashCompleted(done: string, from: number): void {
    const to = this.movedTo;
    if (!to) return;
    const where = to.index < from ? `opened ${to.name}, the first not done` : `opened ${to.name}`;
    this.completedFlash = { done: `Completed ${done} ·`, where, on: to.id };
    clearTimeout(this.flashTimer);
    this.flashTimer = window.setTimeout(() => (this.completedFlash = null), 6000);
  }

  private async approve(): Promise<void> {
    const ctx = this.context;
    if (ctx?.kind !== 'task' || this.busy || !this.item || !this.reviewer) return;
    this.busy = true;
    try {
      await client().outbox.flush();
      const item = this.item;
      const fixed = this.fixedIssues;
      const previous = itemStatusIn(item, ctx.taskId);
      const { written, after } = await approveItem(ctx.taskId, item, fixed);
      this.status = 'approved';
      const mark = await markDecision(item.id, ctx.taskId, written, after);
      // Approving takes one key and moves on: it can be taken back for a few seconds instead of asked.
      await this.moveOnUndoable('Approved', 'Approval undone', () =>
        undoApprove(ctx.taskId, item, previous, fixed, mark),
      );
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }

  private openReject(): void {
    if (this.context?.kind !== 'task' || !this.item || !this.reviewer || this.busy) return;
    const sel = (this.layer?.selected ?? []).find((a) => a.type !== 'note') ?? null;
    // On a video the frame shown: the dialog names it (the issue keeps it, sent below).
    this.rejecting = { shape: sel as Json | null, frame: this.videoFrame() };
  }

  private async reject(message: string): Promise<void> {
    const ctx = this.context;
    if (ctx?.kind !== 'task' || !this.item || !this.rejecting) return;
    this.busy = true;
    try {
      const done = await rejectItem({
        taskId: ctx.taskId,
        item: this.item,
        shape: this.rejecting.shape,
        // The frame the dialog names (the video may have moved under it since): one truth.
        frame: this.rejecting.frame,
        message,
        annotator: await annotatorOf(this.item, ctx.taskId),
      });
      this.rejecting = null;
      this.status = 'rejected';
      // The dialog was the confirmation (and holds the message); a slip is taken back like an approval.
      await this.moveOnUndoable('Sent back', 'Rejection undone', () => undoReject(done));
    } catch (e) {
      this.rejecting = null;
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }

  private async fixed(issue: OpenIssue): Promise<void> {
    this.busy = true;
    // The banner's room stays while the item is open: its last issue going took 42 px from above
    // the picture and the view re-fitted (92 % -> 101 %, the picture jumping under the pointer).
    const banner = this.renderRoot.querySelector<HTMLElement>('demo-issues');
    this.issuesRoom = Math.max(this.issuesRoom, banner?.getBoundingClientRect().height ?? 0);
    // New annotations reset the layer's selection: the shapes selected are selected again after.
    const selected = (this.layer?.selected ?? []).map((a) => a.id).filter((id): id is string => !!id);
    const name = this.shapeName(issue.shape, null) ?? 'the whole item';
    try {
      await markFixed(issue);
      // Fresh annotations: their versions changed on the server.
      const anns = await itemAnnotations(this.datasetOf, this.itemId);
      this.annotations = anns;
      this.issues = openIssues(anns);
      this.fixedIssues = openIssues(anns, 'review');
      this.markedFixed = [...this.markedFixed, name];
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
    // The button pressed is gone with its issue: give the keys back to the image (not to <body>).
    await this.updateComplete;
    await this.layer?.updateComplete;
    const keep = selected.filter((id) => this.annotations?.some((a) => a.id === id));
    if (keep.length) this.layer?.select(keep);
    this.layer?.focus();
    if (this.markedFixed.at(-1) === name)
      this.sayNote(`Marked fixed: issue on ${name}${keep.length ? ' (still selected)' : ''}`);
  }

  /** "Show issue" of the complete dialog: the first open issue (its shape, else its panel). */
  private async showFirstIssue(): Promise<void> {
    this.confirming = false;
    const issue = this.issues[0];
    if (!issue) return;
    await this.updateComplete;
    if (issue.shape) void this.showIssue(issue);
    else this.renderRoot.querySelector<HTMLElement & { focusFirst(): void }>('demo-issues')?.focusFirst();
  }

  /**
   * "Fix first" of the required-attributes dialog: selects the first object it named and puts focus
   * on its first unset required attribute in the side panel (opened if it was closed).
   */
  private async fixFirstMissing(): Promise<void> {
    const first = this.unsetRequired?.[0];
    this.unsetRequired = null;
    // The dialog gives focus back as it goes: the field takes it after.
    await this.updateComplete;
    if (first) await this.layer?.focusMissing(first.id);
  }

  /** A video item loaded: it goes to the frame an undo reopened it at ({@link undoAndReopen}), once. */
  private readonly onViewerLoad = (e: Event): void => {
    const frame = this.reopenAt;
    this.reopenAt = undefined;
    if (frame === undefined) return;
    const viewer = e.currentTarget as HTMLElementTagNameMap['dl-item-viewer'];
    if (this.item && isVideoItem(this.item)) void viewer.seekFrame(frame);
  };

  /** The frame a video shows (null for an image). */
  private videoFrame(): number | null {
    const viewer = this.renderRoot.querySelector('dl-item-viewer');
    return this.item && isVideoItem(this.item) && viewer ? viewer.currentFrame : null;
  }

  /**
   * Selects the shape an issue is pinned to and moves focus to the image, so its keys act on it. On
   * a video, first goes to the frame the reviewer raised it on (before, the annotator stayed on
   * frame 0 and looked for what "drifts at frame 40" meant).
   */
  private async showIssue(issue: OpenIssue): Promise<void> {
    if (!issue.shape || !this.layer) return;
    const frame = issueFrame(issue);
    const viewer = this.renderRoot.querySelector('dl-item-viewer');
    if (frame !== null && viewer && this.item && isVideoItem(this.item)) await viewer.seekFrame(frame);
    this.layer.select([issue.shape.id]);
    this.layer.focus();
  }

  /** The annotations the page shows now (the layer's, edits included). */
  private readonly shownAnnotations = (): readonly Json[] =>
    (this.layer?.annotations as Json[]) ?? this.annotations ?? [];

  private labelNames(): Map<string, string> {
    return new Map(this.ontology ? ontologyLabels(this.ontology).map((l) => [l.tag, l.displayLabel]) : []);
  }

  private shapeName(shape: Json | null, frame: number | null): string | null {
    if (!shape) return null;
    // The number the object list shows ("Car box 2"), so the reviewer can tell which Car box.
    const id = shape.id ?? shape.metadata?.system?.clientId;
    const ordinal = id && this.layer ? this.layer.objectOrdinal(id) : 0;
    return pinnedShapeName(shape, this.labelNames().get(shape.label) ?? shape.label, frame, ordinal);
  }

  private renderActions() {
    const item = this.item;
    const ctx = this.context;
    const chip = this.status
      ? html`<span class="chip" data-s=${this.status} data-item-status>${this.status === 'rejected' ? 'Sent back' : (STATUS_WORDS[this.status] ?? this.status)}</span>`
      : ctx?.kind === 'assignment' || ctx?.kind === 'task'
        ? html`<span class="chip" data-item-status>To do</span>`
        : nothing;
    if (ctx?.kind === 'assignment')
      return html`${chip}
        <button class="primary" data-action="complete" ?disabled=${this.busy || !item} @click=${() => this.setStatus('completed')} title=${tip('complete', 'Complete and go to the next')}>Complete</button>
        <button data-action="discard" ?disabled=${this.busy || !item} @click=${() => this.setStatus('discard')} title="Discard: the item cannot be labelled">Discard</button>`;
    if (ctx?.kind === 'task' && this.reviewer)
      return html`${chip}
        <button class="success" data-action="approve" ?disabled=${this.busy || !item} @click=${this.approve} title=${tip('approve', 'Approve and go to the next')}>Approve</button>
        <button class="danger" data-action="reject" ?disabled=${this.busy || !item} @click=${this.openReject} title=${tip('reject', 'Reject with an issue')}>Reject…</button>`;
    return chip;
  }

  /**
   * Where the item is in its list: `Review: <task>` and ` · 3 of 40 items` (both '' outside a list).
   * A review list holds the items still to review (each decision takes one out): ` · 1 of 3 left`.
   */
  private position(): [list: string, at: string] {
    const left = this.context?.kind === 'task' && this.context.review;
    const of = this.total
      ? ` of ${left ? `${this.total.toLocaleString('en-US')} left` : plural(this.total, 'item')}`
      : '';
    const at = this.index >= 0 ? `${this.index + 1}${of}` : '';
    return [this.listName, this.listName && at ? ` · ${at}` : at];
  }

  override render() {
    const item = this.item;
    const last = this.total !== null && this.index >= this.total - 1;
    const [list, at] = this.position();
    return html`
      <div class="row bar ${this.completedFlash?.on === this.itemId || this.note ? 'flashing' : ''}">
        <a class="button" href=${this.back} data-action="back">← Back</a>
        <span class="name" data-filename title=${item?.filename ?? ''}>${item?.filename ?? ''}</span>
        <span class="muted context" data-position title=${list + at}><span class="list-name">${list}</span><span class="at">${at}</span></span>
        ${
          this.completedFlash?.on === this.itemId
            ? html`<span class="flash" role="status" data-complete-flash title=${`${this.completedFlash.done} ${this.completedFlash.where}`}
                ><span class="pill"><span>${this.completedFlash.done}</span> <span>${this.completedFlash.where}</span></span></span>`
            : nothing
        }
        <span class="flash note" role="status" data-page-note>${this.note ? html`<span class="pill">${this.note}</span>` : nothing}</span>
        ${this.renderActions()}
        <button data-action="prev" ?disabled=${this.busy || this.index <= 0 || !this.context} @click=${() => this.step(-1)} title=${tip('prev')}>‹ Prev</button>
        <button data-action="next" ?disabled=${this.busy || this.index < 0 || !this.context || last} @click=${() => this.step(1)} title=${tip('next')}>Next ›</button>
        <button data-action="help" @click=${() => (this.help = true)} title=${tip('help', 'Keyboard shortcuts')} aria-label="Keyboard shortcuts">?</button>
      </div>
      ${this.error ? html`<p class="error" role="alert" data-item-error>${this.error}</p>` : nothing}
      ${
        isVideoItem(item) && this.annotations
          ? html`<demo-subtitles-io .item=${item} .annotations=${this.shownAnnotations}
              @vtt-import=${(e: VttImportEvent) => void this.videoTracks.add(e.detail.annotations)}></demo-subtitles-io>`
          : nothing
      }
      <demo-issues .issues=${this.issues} .labelNames=${this.labelNames()} ?canFix=${this.context?.kind === 'assignment'}
        .marked=${this.markedFixed} style=${this.issuesRoom ? `min-height: ${this.issuesRoom}px` : ''}
        .fixed=${this.reviewer && this.context?.kind === 'task' ? this.fixedIssues : []}
        @issue-show=${(e: CustomEvent<{ issue: OpenIssue }>) => void this.showIssue(e.detail.issue)}
        @issue-fixed=${(e: CustomEvent<{ issue: OpenIssue }>) => this.fixed(e.detail.issue)}></demo-issues>
      ${
        item && this.annotations
          ? html`<div class="stage">
            <dl-item-viewer .client=${viewerClient} .item=${item} ?no-video-controls=${isVideoItem(item)}
              @dl-item-load=${this.onViewerLoad}>
              <dl-annotation-layer
                autofocus
                panel
                show-labels
                assist-preload
                .ontology=${this.ontology}
                .label=${this.firstLabel}
                .tool=${this.firstTool}
                .annotations=${this.annotations}
                @dl-annotation-create=${this.onCreate}
                @dl-annotation-update=${this.onUpdate}
                @dl-annotation-delete=${this.onDelete}
              ></dl-annotation-layer>
            </dl-item-viewer>
          </div>
          ${isVideoItem(item) ? html`<dl-timeline .ontology=${this.ontology} ?insert-key-taken=${this.reviewing}></dl-timeline>` : nothing}`
          : !this.error
            ? html`<p class="muted loading" role="status">Loading the item…</p>`
            : nothing
      }
      ${this.help ? html`<demo-help-overlay ?video=${isVideoItem(item)} ?review=${this.reviewer && this.context?.kind === 'task'} ?complete=${this.context?.kind === 'assignment'} @close=${() => (this.help = false)}></demo-help-overlay>` : nothing}
      ${
        this.rejecting
          ? html`<demo-reject-dialog .shapeName=${this.shapeName(this.rejecting.shape, this.rejecting.frame)} ?busy=${this.busy}
              @reject=${(e: CustomEvent<{ message: string }>) => this.reject(e.detail.message)}
              @close=${() => (this.rejecting = null)}></demo-reject-dialog>`
          : nothing
      }
      ${
        this.confirming
          ? html`<demo-open-issues-dialog .count=${this.issues.length}
              @show=${this.showFirstIssue}
              @complete=${() => {
                this.confirming = false;
                void this.setStatus('completed', { issues: true });
              }}
              @close=${() => (this.confirming = false)}></demo-open-issues-dialog>`
          : nothing
      }
      ${
        this.unsetRequired
          ? html`<demo-required-dialog .objects=${this.unsetRequired}
              @fix=${this.fixFirstMissing}
              @complete=${() => {
                this.unsetRequired = null;
                void this.setStatus('completed', { issues: true, required: true });
              }}
              @close=${() => (this.unsetRequired = null)}></demo-required-dialog>`
          : nothing
      }
    `;
  }
}
