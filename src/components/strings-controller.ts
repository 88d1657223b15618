import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { subscribeStrings } from './strings.js';

/**
 * Re-renders its host whenever the string catalog changes (`setStrings`). Add one in a
 * component's constructor: `new StringsController(this)`.
 */
export class StringsController implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = subscribeStrings(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
