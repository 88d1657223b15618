"""Tasks and assignments: create from filters and items, add/remove items, item status, QA tasks,
the annotator's side, reassign and redistribute."""
import time

import dtlpy as dl

from common import EMAILS, as_user, expect, expect_eq, new_dataset, unique, upload_pngs

A1, A2 = EMAILS['annotator1'], EMAILS['annotator2']


def _due():
    return time.time() + 7 * 24 * 3600


def wf_task_create_add_remove():
    ds = new_dataset('task')
    items = upload_pngs(ds, [f'/t/{i}.png' for i in range(6)], width=8, height=8)
    f = dl.Filters(field='name', values=['0.png', '1.png', '2.png', '3.png'], operator=dl.FiltersOperations.IN)
    name = unique('label')
    task = ds.tasks.create(task_name=name, due_date=_due(), assignee_ids=[A1, A2], filters=f)
    expect(isinstance(task, dl.Task), 'tasks.create returns the task (the Command carries createTaskPayload)', task)
    expect_eq(task.name, name, 'task name')
    expect_eq(task.get_items().items_count, 4, 'task items from the filter')
    assignments = task.assignments.list()
    expect_eq(sorted(a.annotator for a in assignments), sorted([A1, A2]), 'one assignment per assignee')
    expect_eq(sum(a.get_items().items_count for a in assignments), 4, 'assignments share the items')
    task = task.add_items(items=[items[4]], assignee_ids=[A1])
    expect(isinstance(task, dl.Task), 'add_items returns the task (addToTaskPayload)', task)
    expect_eq(ds.tasks.get(task_id=task.id).get_items().items_count, 5, 'after add_items')
    task.remove_items(items=[items[0]])
    expect_eq(ds.tasks.get(task_id=task.id).get_items().items_count, 4, 'after remove_items')
    expect_eq(dl.tasks.get(task_id=task.id).name, name, 'dl.tasks.get by id')
    expect(any(t.id == task.id for t in ds.tasks.list()), 'dataset tasks list')
    task.name = name + '-renamed'
    task.update()
    expect_eq(ds.tasks.get(task_id=task.id).name, name + '-renamed', 'task update')


def wf_item_status_and_qa():
    ds = new_dataset('qa')
    items = upload_pngs(ds, [f'/q/{i}.png' for i in range(3)], width=8, height=8)
    task = ds.tasks.create(task_name=unique('annotate'), due_date=_due(), assignee_ids=[A1], items=items)
    item = ds.items.get(item_id=items[0].id)
    item.update_status(status=dl.ItemStatus.COMPLETED, task_id=task.id)
    item = ds.items.get(item_id=items[0].id)
    expect_eq(item.status(task_id=task.id), 'completed', 'status in the task')
    item.update_status(status=dl.ItemStatus.COMPLETED, task_id=task.id, clear=True)
    expect_eq(ds.items.get(item_id=items[0].id).status(task_id=task.id), None, 'status cleared')
    for it in items:
        ds.items.get(item_id=it.id).update_status(status=dl.ItemStatus.COMPLETED, task_id=task.id)
    qa = ds.tasks.create_qa_task(task=task, due_date=_due(), assignee_ids=[A2])
    expect_eq(qa.spec['type'], 'qa', 'QA task type')
    expect_eq(qa.get_items().items_count, 3, 'QA task takes the items of its parent')
    ds.items.get(item_id=items[1].id).update_status(status=dl.ItemStatus.APPROVED, task_id=qa.id)
    ds.items.get(item_id=items[0].id).update_status(status=dl.ItemStatus.DISCARDED, task_id=qa.id)
    got = ds.items.get(item_id=items[1].id)
    expect_eq(got.status(task_id=qa.id), 'approved', 'QA approval')
    expect_eq(got.status(task_id=task.id), 'completed', 'the annotation task status is kept')
    expect_eq(ds.items.get(item_id=items[0].id).status(task_id=qa.id), 'discard', 'QA discard')
    f = dl.Filters(field='metadata.system.refs.metadata.status', values='approved')
    expect_eq([i.id for i in qa.get_items(filters=f).all()], [items[1].id], 'QA items filtered by status')
    task.set_status(status='discard', operation='create', item_ids=[items[2].id])
    expect_eq(ds.items.get(item_id=items[2].id).status(task_id=task.id), 'discard', 'task.set_status')


def wf_annotator_assignment():
    ds = new_dataset('annotator')
    items = upload_pngs(ds, [f'/w/{i}.png' for i in range(4)], width=8, height=8)
    workload = dl.Workload.generate(assignee_ids=[A1, A2])
    task = ds.tasks.create(task_name=unique('work'), due_date=_due(), workload=workload, items=items)
    mine = next(a for a in task.assignments.list() if a.annotator == A1)
    theirs = next(a for a in task.assignments.list() if a.annotator == A2)
    with as_user('annotator1'):
        listed = dl.assignments.list(project_ids=[ds.project.id])
        expect(all(a.annotator == A1 for a in listed) and any(a.id == mine.id for a in listed),
               'an annotator lists only their assignments', [a.annotator for a in listed])
        a = dl.assignments.get(assignment_id=mine.id)
        my_items = list(a.get_items().all())
        expect_eq(len(my_items), 2, 'items of my assignment')
        it = my_items[0]
        b = it.annotations.builder()
        b.add(annotation_definition=dl.Box(top=1, left=1, bottom=3, right=3, label='car'))
        it.annotations.upload(b)
        it.update_status(status=dl.ItemStatus.COMPLETED, assignment_id=mine.id)
        try:
            dl.assignments.get(assignment_id=theirs.id)
            raise AssertionError("an annotator reads another annotator's assignment")
        except dl.exceptions.Forbidden:
            pass
        other_item_id = next(i.id for i in items if i.id not in {x.id for x in my_items})
        try:
            dl.items.get(item_id=other_item_id)
            raise AssertionError('an annotator reads an item outside their assignments')
        except dl.exceptions.Forbidden:
            pass
    expect_eq(ds.items.get(item_id=it.id).status(task_id=task.id), 'completed', 'annotator status seen by the owner')


def wf_reassign_and_redistribute():
    ds = new_dataset('reassign')
    items = upload_pngs(ds, [f'/r/{i}.png' for i in range(4)], width=8, height=8)
    task = ds.tasks.create(task_name=unique('move'), due_date=_due(), assignee_ids=[A1], items=items)
    (a,) = task.assignments.list()
    a.reassign(assignee_id=A2)
    got = task.assignments.list()
    expect_eq([x.annotator for x in got], [A2], 'reassigned to annotator2')
    got[0].redistribute(workload=dl.Workload.generate(assignee_ids=[A1, A2]))
    counts = {x.annotator: x.get_items().items_count for x in task.assignments.list()}
    expect_eq(counts, {A1: 2, A2: 2}, 'redistributed evenly')
