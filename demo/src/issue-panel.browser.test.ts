// The item page's issue banner is one <demo-issues> reused across items: "k of n" must not carry over
// to another item's issues, but must follow the issue shown through a re-read (real clicks, Chromium).
import { afterEach, describe, expect, it } from 'vitest';
import { realClickOn } from '../../src/components/internal/test-utils.js';
import './issue-panel.js';
import type { DemoIssues } from './issue-panel.js';
import type { OpenIssue } from './review-io.js';

afterEach(() => document.querySelectorAll('demo-issues').forEach((e) => e.remove()));

/** An open issue as read from the server: a note (fresh objects each call, as a re-read gives). */
const issue = (id: string, message: string): OpenIssue => ({
  note: { id: `note-${id}`, type: 'note' },
  shape: null,
  message,
  author: 'rev@example.com',
});

describe('<demo-issues> position', () => {
  it("opens the next item's issues at its first issue, and keeps the issue shown through a re-read", async () => {
    const d = document.createElement('demo-issues') as DemoIssues;
    d.issues = ['a', 'b', 'c'].map((id) => issue(id, `A ${id}`));
    document.body.append(d);
    await d.updateComplete;
    const root = d.shadowRoot!;
    const at = () => root.querySelector('[data-issue-at]')?.textContent?.trim();
    const shown = () => root.querySelector('[data-issue=open] .msg strong')?.textContent;
    const next = root.querySelector<HTMLElement>('[aria-label="Next issue"]')!;
    await realClickOn(next);
    await d.updateComplete;
    await realClickOn(next);
    await d.updateComplete;
    expect([at(), shown()]).toEqual(['3 of 3', 'A c']);

    // a re-read of the same item (new objects, same ids, c now second): still on c
    d.issues = ['a', 'c', 'b'].map((id) => issue(id, `A ${id}`));
    await d.updateComplete;
    expect([at(), shown()]).toEqual(['2 of 3', 'A c']);

    // Next item: four other issues -> its first, not "2 of 4"
    d.issues = ['d', 'e', 'f', 'g'].map((id) => issue(id, `B ${id}`));
    await d.updateComplete;
    expect([at(), shown()]).toEqual(['1 of 4', 'B d']);

    // the issue shown is gone (marked fixed elsewhere) -> the first of what is left
    await realClickOn(root.querySelector<HTMLElement>('[aria-label="Previous issue"]')!);
    await d.updateComplete;
    expect([at(), shown()]).toEqual(['4 of 4', 'B g']);
    d.issues = ['d', 'e', 'f'].map((id) => issue(id, `B ${id}`));
    await d.updateComplete;
    expect([at(), shown()]).toEqual(['1 of 3', 'B d']);
  });
});

describe('<demo-issues> on a video', () => {
  it('says the frame the issue was raised on (the note keeps metadata.user.frame); an image issue names none', async () => {
    const d = document.createElement('demo-issues') as DemoIssues;
    const onVideo = issue('v', 'The box drifts off the car here.');
    onVideo.note!.metadata = { user: { frame: 40 } };
    d.issues = [onVideo, issue('i', 'Loose box')];
    document.body.append(d);
    await d.updateComplete;
    const msg = () => d.shadowRoot!.querySelector<HTMLElement>('[data-issue=open] .msg')!;
    expect(msg().textContent!.replace(/\s+/g, ' ').trim()).toMatch(/^On frame 40: The box drifts off the car here\./);
    expect(msg().title).toMatch(/^On frame 40: /);
    await realClickOn(d.shadowRoot!.querySelector<HTMLElement>('[aria-label="Next issue"]')!);
    await d.updateComplete;
    expect(msg().querySelector('[data-issue-frame]')).toBeNull();
    expect(msg().textContent).not.toMatch(/frame/);
  });

  it("reads a platform note's frame from metadata.system.frame (Dataloop's place) when it has no user.frame", async () => {
    const d = document.createElement('demo-issues') as DemoIssues;
    const fromStudio = issue('s', 'Wrong class.');
    fromStudio.note!.metadata = { system: { frame: 12, endFrame: 12 } };
    const ours = issue('o', 'Ours.');
    ours.note!.metadata = { system: { frame: 0 }, user: { frame: 40 } };
    d.issues = [fromStudio, ours];
    document.body.append(d);
    await d.updateComplete;
    const msg = () => d.shadowRoot!.querySelector<HTMLElement>('[data-issue=open] .msg')!;
    expect(msg().textContent!.replace(/\s+/g, ' ').trim()).toMatch(/^On frame 12: Wrong class\./);
    await realClickOn(d.shadowRoot!.querySelector<HTMLElement>('[aria-label="Next issue"]')!);
    await d.updateComplete;
    expect(msg().textContent!.replace(/\s+/g, ' ').trim()).toMatch(/^On frame 40: Ours\./);
  });
});
