import { defineStrings } from '../strings.js';

/** Default messages of the task board's "New task" form and "Reassign" control (translate with `setStrings`). */
export const taskBoardManageStrings = defineStrings({
  'taskBoard.newTask': 'New task',
  'taskBoard.createTitle': 'New task',
  'taskBoard.taskName': 'Name',
  'taskBoard.dataset': 'Dataset',
  'taskBoard.itemsSource': 'Items',
  'taskBoard.allDatasetItems': 'Every item of the dataset',
  'taskBoard.assigneesLegend': 'Assignees and workload (%)',
  'taskBoard.loadOf': 'Share of {name} in percent',
  'taskBoard.splitEqually': 'Split equally',
  'taskBoard.loadTotal': 'Total {total}%',
  'taskBoard.noAssignees': 'No annotators to assign: add members to the project first.',
  'taskBoard.dueDate': 'Due date',
  'taskBoard.create': 'Create task',
  'taskBoard.creating': 'Creating…',
  'taskBoard.cancel': 'Cancel',
  'taskBoard.needName': 'Give the task a name.',
  'taskBoard.needAssignee': 'Choose at least one assignee.',
  'taskBoard.needTotal': 'The shares must add up to 100% (now {total}%).',
  'taskBoard.created': 'Task {name} created',
  'taskBoard.reassignLabel': "Give {name}'s items to",
  'taskBoard.reassign': 'Reassign',
  'taskBoard.reassigned': "{from}'s items now belong to {to}",
});
