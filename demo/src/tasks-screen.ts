import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { client } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';

/**
 * Managers' view: `<dl-task-board>` over the project's tasks; opening an item goes to its page.
 * After a status change the board is re-read so the task's and assignments' progress come from
 * the server (the board adjusts its counts, but shows the `progress` the server last sent).
 */
@customElement('demo-tasks')
export class DemoTasks extends LitElement {
  static override styles = [screenStyles, css`:host { display: flex; flex-direction: column; min-height: 0; } dl-task-board { flex: 1; min-height: 0; }`];
  @property() projectId = '';
  @state() private rev = 0;
  private selection: { taskId: string | null; assignmentId: string | null } = { taskId: null, assignmentId: null };

  private open(e: CustomEvent<{ item: { id: string; datasetId: string } }>): void {
    go(href('datasets', e.detail.item.datasetId, 'items', e.detail.item.id));
  }

  private changed(e: Event): void {
    const board = e.currentTarget as HTMLElement & { taskId: string | null; assignmentId: string | null };
    this.selection = { taskId: board.taskId, assignmentId: board.assignmentId };
    this.rev++;
  }

  override render() {
    return html`<div class="row"><a href=${href('projects', this.projectId)}>← Project</a><h1 style="margin: 0">Task board</h1></div>
      ${keyed(
        this.rev,
        html`<dl-task-board
          .client=${client()}
          project-id=${this.projectId}
          .taskId=${this.selection.taskId}
          .assignmentId=${this.selection.assignmentId}
          @dl-item-open=${this.open}
          @dl-item-status-change=${this.changed}
        ></dl-task-board>`,
      )}`;
  }
}
