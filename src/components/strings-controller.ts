import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defineStrings, subscribeStrings, type Message } from './strings.js';

/**
 * Re-renders its host whenever the string catalog changes (`setStrings`). Add one in a
 * component's constructor: `new StringsController(this)`. Pass the component's own default
 * messages as `defaults` to register them (`defineStrings`) from code that runs whenever the
 * component is used, instead of relying on a side-effect import that bundlers may drop.
 *
 * @example
 * constructor() { super(); new StringsController(this, viewerStrings); }
 */
export class StringsController implements ReactiveController {
  private unsubscribe?: () => void;
  private changes = 0;

  /**
   * How many times the catalog changed while the host was connected: a key for `guard` / `cache`
   * around templates that hold strings, so they follow `setStrings` too.
   */
  get version(): number {
    return this.changes;
  }

  constructor(
    private readonly host: ReactiveControllerHost,
    defaults?: Readonly<Record<string, Message>>,
  ) {
    if (defaults) defineStrings(defaults);
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = subscribeStrings(() => {
      this.changes++;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
