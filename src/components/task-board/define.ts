import { DlTaskBoard } from './task-board.js';

/** Registers `<dl-task-board>` (no error if the tag is already defined). */
export function defineTaskBoard(): void {
  if (!customElements.get('dl-task-board')) customElements.define('dl-task-board', DlTaskBoard);
}
defineTaskBoard();

declare global {
  interface HTMLElementTagNameMap {
    'dl-task-board': DlTaskBoard;
  }
}

export { DlTaskBoard };
