import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { client } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';

/**
 * Managers' view: `<dl-task-board>` over the project's tasks; opening an item goes to its page.
 * After a status change the board itself re-reads the task, the assignment and the item, so the
 * progress shown is the server's.
 */
@customElement('demo-tasks')
export class DemoTasks extends LitElement {
  static override styles = [
    screenStyles,
    css`:host { display: flex; flex-direction: column; min-height: 0; } dl-task-board { flex: 1; min-height: 0; }`,
  ];
  @property() projectId = '';

  private open(e: CustomEvent<{ item: { id: string; datasetId: string } }>): void {
    go(href('datasets', e.detail.item.datasetId, 'items', e.detail.item.id));
  }

  override render() {
    return html`<div class="row"><a href=${href('projects', this.projectId)}>← Project</a><h1 style="margin: 0">Task board</h1></div>
      <dl-task-board .client=${client()} project-id=${this.projectId} @dl-item-open=${this.open}></dl-task-board>`;
  }
}
