// The assisted tools' link to OpenCV in a worker (the registered assist backend, `getAssist()` once
// dl-kit is imported): the shown image under a key, sent once per item load (again by the backend
// itself from its loader if it was evicted); each action's progress, shown once it has taken 150 ms;
// cancellation (a new action cancels the running one, Esc cancels everything). One per layer.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { registeredAssist } from '../../../geometry/assist/assist-registry.js';
import {
  type AssistBackend,
  type AssistCallOptions,
  type AssistProgress,
  isAbortError,
} from '../../../geometry/assist/assist-types.js';
import { type Rect, visibleImageRect } from '../../internal/view.js';
import type { DlItemViewer } from '../../item-viewer/item-viewer.js';
import { msg } from '../../strings.js';

/** How long an action runs before its progress shows, ms. */
export const PROGRESS_DELAY_MS = 150;

/** What the options bar shows of the assisted actions. */
export type AssistStatus = { kind: 'progress'; progress: AssistProgress } | { kind: 'error'; message: string };

/** Why an assisted action cannot run; its message is for the user. */
export class AssistUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssistUnavailableError';
  }
}

/** What the session needs from the layer. */
export interface AssistSessionHost {
  /** The viewer whose image the tools work on. */
  viewer(): DlItemViewer | null;
  /** The status changed (re-render the options bar). */
  changed(): void;
  announce(text: string): void;
  /**
   * Another item is shown (a `dl-item-load`, or another viewer), `itemLoads` counted it: drafts of
   * the previous image go (a host may keep passing the same annotations, so nothing else tells).
   */
  itemShown?(): void;
}

/** Keys of images this page sent, unique across layers and loads (an item's id may be shown twice). */
let sent = 0;

type Idle = (f: () => void, o?: { timeout: number }) => number;

/** One layer's assisted-annotation state. */
export class AssistSession implements ReactiveController {
  /** Load OpenCV and send the image when an item loads (when the page is idle), not at the first action. */
  eager = false;
  /** The backend (tests may set one; default: the registered page backend). */
  backendOverride: AssistBackend | null = null;

  private followed: DlItemViewer | null = null;
  private key: string | null = null;
  private sending: Promise<string> | null = null;
  /** An assisted tool was used here: later items are sent as they load. */
  private used = false;
  private action: AbortController | null = null;
  /** Progress of the calls running now, by call; the latest shown one is the status. */
  private shown = new Map<symbol, AssistProgress>();
  private running = 0;
  private error: string | null = null;
  private loads = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly layer: AssistSessionHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdated(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.unfollow();
  }

  /** The backend, or null when dl-kit's workers are not registered on this page. */
  backend(): AssistBackend | null {
    return this.backendOverride ?? registeredAssist();
  }

  /**
   * Counts the items shown (each `dl-item-load` of the viewer followed, and each other viewer): what
   * a tool saved of one image (the wand's cancelled click) compares it, since a host may change the
   * item and keep passing the same annotations.
   */
  get itemLoads(): number {
    return this.loads;
  }

  /** True while an assisted call of this layer runs. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** What the options bar shows: the latest progress shown, else the last error, else null. */
  get status(): AssistStatus | null {
    const shown = [...this.shown.values()];
    if (shown.length) return { kind: 'progress', progress: shown[shown.length - 1]! };
    return this.error ? { kind: 'error', message: this.error } : null;
  }

  /** The part of the image the viewer shows, image px (unclipped), or null without a viewer. */
  visibleRect(): Rect | null {
    const v = this.layer.viewer();
    if (!v?.viewportWidth) return null;
    return visibleImageRect(v.view, v.viewportWidth, v.viewportHeight);
  }

  /** Prepares for a first action (a tool was picked): loads OpenCV and sends the image when idle. */
  warm(): void {
    if (this.used) return;
    this.used = true;
    this.whenIdle(() => this.prepare());
  }

  /**
   * Runs an assisted call with the image's key. `'action'` calls (a click's result) cancel the
   * running action of any tool of this layer and show their progress after
   * {@link PROGRESS_DELAY_MS}; `'preview'` calls (under the pointer) rely on their lane and show
   * only that OpenCV is loading. Resolves with undefined when cancelled or superseded; a failure is
   * announced and shown.
   */
  async run<T>(
    f: (key: string, backend: AssistBackend, o: AssistCallOptions) => Promise<T>,
    kind: 'action' | 'preview' = 'action',
  ): Promise<T | undefined> {
    this.used = true;
    const backend = this.backend();
    if (!backend) {
      this.fail(msg('annotationLayer.assist.unavailable'));
      return undefined;
    }
    const ctl = new AbortController();
    if (kind === 'action') {
      this.action?.abort();
      this.action = ctl;
      this.error = null;
    }
    const id = Symbol(kind);
    let progress: AssistProgress = { stage: backend.ready ? 'image' : 'starting' };
    let visible = false;
    const show = () => {
      if (kind === 'action' || progress.stage === 'starting') {
        visible = true;
        this.shown.set(id, progress);
        this.layer.changed();
      }
    };
    const timer = setTimeout(show, PROGRESS_DELAY_MS);
    const onProgress = (p: AssistProgress) => {
      progress = p;
      if (visible) {
        this.shown.set(id, p);
        this.layer.changed();
      } else if (kind === 'preview' && p.stage === 'starting') show();
    };
    this.running++;
    try {
      const key = await abortable(this.image(), ctl.signal);
      progress = { stage: backend.ready ? 'running' : 'starting' };
      if (visible) this.shown.set(id, progress);
      return await f(key, backend, { signal: ctl.signal, onProgress });
    } catch (e) {
      if (ctl.signal.aborted || isAbortError(e)) return undefined;
      this.fail(
        e instanceof AssistUnavailableError
          ? e.message
          : msg('annotationLayer.assist.failed', { message: (e as Error).message }),
      );
      return undefined;
    } finally {
      this.running--;
      clearTimeout(timer);
      if (this.action === ctl) this.action = null;
      if (this.shown.delete(id)) this.layer.changed();
    }
  }

  /** Cancels every assisted call (Esc); true when one was running. */
  cancel(): boolean {
    const was = this.busy;
    this.action?.abort();
    this.action = null;
    if (was) this.backend()?.cancelAll();
    if (this.shown.size) {
      this.shown.clear();
      this.layer.changed();
    }
    return was;
  }

  /** The key of the shown image in the backend, sending it first when it is not there yet. */
  image(): Promise<string> {
    this.follow();
    if (this.sending) return this.sending;
    const v = this.followed;
    const backend = this.backend();
    if (!v || !backend) return Promise.reject(new AssistUnavailableError(msg('annotationLayer.assist.noImage')));
    if (v.isVideo) return Promise.reject(new AssistUnavailableError(msg('annotationLayer.assist.video')));
    const key = `dl-layer-image-${++sent}`;
    this.key = key;
    const p = backend
      .setImage(key, async () => {
        const bitmap = await v.fullImageBitmap();
        if (!bitmap) throw new AssistUnavailableError(msg('annotationLayer.assist.noImage'));
        return bitmap;
      })
      .then(
        () => key,
        (e: unknown) => {
          if (this.key === key) {
            this.key = null;
            this.sending = null;
          }
          throw e;
        },
      );
    this.sending = p;
    return p;
  }

  /** Follows the layer's viewer: a new item drops the previous image and, when wanted, sends the new one. */
  private follow(): void {
    const v = this.layer.viewer();
    if (v === this.followed) return;
    this.unfollow();
    this.loads++;
    this.followed = v;
    v?.addEventListener('dl-item-load', this.itemLoaded);
    this.layer.itemShown?.();
    if (v?.imageWidth && (this.eager || this.used)) this.whenIdle(() => this.prepare());
  }

  private unfollow(): void {
    this.cancel();
    this.followed?.removeEventListener('dl-item-load', this.itemLoaded);
    this.followed = null;
    this.forget();
  }

  private itemLoaded = (): void => {
    this.loads++;
    this.cancel();
    this.forget();
    this.error = null;
    this.layer.itemShown?.();
    this.layer.changed();
    if (this.eager || this.used) this.whenIdle(() => this.prepare());
  };

  /** Drops the sent image (a new item, or the layer left). */
  private forget(): void {
    const key = this.key;
    this.key = null;
    this.sending = null;
    if (key)
      void this.backend()
        ?.dropImage(key)
        .catch(() => undefined);
  }

  /** Loads OpenCV and sends the image, quietly (the first action reports what fails). */
  private prepare(): void {
    const backend = this.backend();
    if (!backend || !this.followed?.imageWidth || this.followed.isVideo) return;
    void backend.preload().catch(() => undefined);
    void this.image().catch(() => undefined);
  }

  private whenIdle(f: () => void): void {
    const ric = (globalThis as { requestIdleCallback?: Idle }).requestIdleCallback;
    // at most a second: the first action may come 3 s after an item opens
    if (ric) ric(f, { timeout: 1000 });
    else setTimeout(f, 200);
  }

  private fail(message: string): void {
    this.error = message;
    this.layer.announce(message);
    this.layer.changed();
  }
}

/** `p`, or an abort error as soon as `signal` aborts. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', stop);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(e);
      },
    );
  });
}
