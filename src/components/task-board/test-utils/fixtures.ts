// Test data made for the task-board tests (not copied from any export): two tasks, three
// assignments, items whose refs tie them to a task and an assignment with a status.
import type { AssignmentJson, ItemJson, TaskJson } from '../task-board-source.js';

const DAY = 86_400_000;

export function makeTasks(now = Date.UTC(2026, 10, 27)): TaskJson[] {
  return [
    {
      id: 't1',
      name: 'Street scenes',
      priority: 3,
      dueDate: now + 5 * DAY,
      datasetId: 'ds1',
      projectId: 'p1',
      spec: { type: 'annotation' },
      assignmentIds: ['a1', 'a2'],
      status: 'open',
      availableActions: [
        { action: 'completed', displayName: 'Done', color: '#2e7d32' },
        { action: 'discard', displayName: 'Discard', color: '#c62828' },
        { action: 'needs-fix', displayName: 'Needs fix', color: '#ef6c00' },
      ],
    },
    {
      id: 't2',
      name: '<b>Review</b> & QA',
      priority: 1,
      dueDate: now - 2 * DAY,
      datasetId: 'ds1',
      projectId: 'p1',
      spec: { type: 'qa' },
      assignmentIds: ['a3'],
      totalItems: 4,
      itemStatus: { approved: 1 },
    },
  ];
}

export function makeAssignments(): AssignmentJson[] {
  return [
    { id: 'a1', name: 'a1', annotator: 'ann@x.test', metadata: { system: { taskId: 't1', datasetId: 'ds1' } } },
    { id: 'a2', name: 'a2', annotator: 'bob@x.test', metadata: { system: { taskId: 't1', datasetId: 'ds1' } } },
    { id: 'a3', name: 'a3', annotator: 'ann@x.test', metadata: { taskId: 't2', datasetId: 'ds1' } },
  ];
}

/** Item `i` of task t1: even ones in a1, odd ones in a2; statuses as given by `statusOf(i)`. */
export function makeItems(
  n = 7,
  statusOf: (i: number) => string | null = (i) => (i === 0 ? 'completed' : i === 3 ? 'discard' : null),
): ItemJson[] {
  const out: ItemJson[] = [];
  for (let i = 0; i < n; i++) {
    const s = statusOf(i);
    const assignment = i % 2 === 0 ? 'a1' : 'a2';
    out.push({
      id: `it${i}`,
      datasetId: 'ds1',
      type: 'file',
      name: `img${i}.jpg`,
      filename: `/frames/img${i}.jpg`,
      metadata: {
        system: {
          refs: [
            { type: 'task', id: 't1', metadata: s ? { status: s } : {} },
            { type: 'assignment', id: assignment, metadata: s ? { status: s } : {} },
          ],
        },
      },
      unknownKey: { kept: true },
    });
  }
  out.push({
    id: 'evil',
    datasetId: 'ds1',
    type: 'file',
    name: 'x',
    filename: '/<img src=x onerror="window.__pwned=1">.jpg',
    metadata: {
      system: {
        refs: [
          { type: 'task', id: 't2', metadata: { status: 'approved' } },
          { type: 'assignment', id: 'a3', metadata: { status: 'approved' } },
        ],
      },
    },
  });
  return out;
}
