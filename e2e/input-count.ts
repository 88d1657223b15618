import type { Locator, Page } from '@playwright/test';
import { toPage } from './layer.js';

/** Input actions a user made: key presses (a chord such as Ctrl+Enter is one), clicks, drags. */
export interface Actions {
  keys: number;
  clicks: number;
  drags: number;
}

/**
 * Real input (Playwright's mouse and keyboard) that counts itself: every action of a measured flow
 * goes through here, so the counts are what was done, not numbers written into the test.
 */
export class CountedInput {
  private n: Actions = { keys: 0, clicks: 0, drags: 0 };
  /** Every action in order, for the report. */
  readonly log: string[] = [];

  constructor(private readonly page: Page) {}

  /** One key press; `Control+Enter` style chords count as one. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    this.n.keys++;
    this.log.push(`key ${key}`);
  }

  /** One click at an image point of the open item. */
  async clickImage(x: number, y: number): Promise<void> {
    const p = await toPage(this.page, x, y);
    await this.page.mouse.click(p.x, p.y);
    this.n.clicks++;
    this.log.push(`click image ${x},${y}`);
  }

  /** One click on an element. */
  async click(target: Locator): Promise<void> {
    await target.click();
    this.n.clicks++;
    this.log.push('click control');
  }

  /** One press-move-release between two image points. */
  async dragImage(from: [number, number], to: [number, number]): Promise<void> {
    const a = await toPage(this.page, ...from);
    const b = await toPage(this.page, ...to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await this.page.mouse.move(b.x, b.y, { steps: 4 });
    await this.page.mouse.up();
    this.n.drags++;
    this.log.push(`drag ${from} -> ${to}`);
  }

  /** The actions `flow` made. */
  async measure(flow: () => Promise<void>): Promise<Actions> {
    const before = { ...this.n };
    await flow();
    return {
      keys: this.n.keys - before.keys,
      clicks: this.n.clicks - before.clicks,
      drags: this.n.drags - before.drags,
    };
  }
}
