"""Export (a Command whose output is a JSON or zip item), download_annotations, items.download with
annotation JSON, and dataset clone."""
import json
import os
import zipfile

import dtlpy as dl

from common import expect, expect_eq, new_dataset, temp_dir, unique, upload_pngs


def _dataset_with_annotations(prefix):
    ds = new_dataset(prefix)
    items = upload_pngs(ds, ['/e/a.png', '/e/b.png', '/f/c.png'], width=20, height=10)
    for i, item in enumerate(items[:2]):
        b = item.annotations.builder()
        b.add(annotation_definition=dl.Box(top=1, left=1, bottom=5, right=5 + i, label='car'))
        b.add(annotation_definition=dl.Point(x=3, y=4, label='dot'))
        item.annotations.upload(b)
    return ds, items


def wf_download_annotations_json():
    ds, items = _dataset_with_annotations('export-json')
    out = temp_dir('ann')
    path = ds.download_annotations(local_path=out)
    files = sorted(os.path.relpath(os.path.join(r, n), out) for r, _, ns in os.walk(path) for n in ns)
    expect_eq(files, ['json/e/a.json', 'json/e/b.json', 'json/f/c.json'], 'one JSON per item, V1 names')
    with open(os.path.join(out, 'json/e/b.json')) as f:
        b = json.load(f)
    expect_eq((b['id'], b['filename']), (items[1].id, '/e/b.png'), 'item fields in the export')
    expect_eq(sorted(a['type'] for a in b['annotations']), ['box', 'point'], 'annotations in the export')
    box = next(a for a in b['annotations'] if a['type'] == 'box')
    expect_eq(box['coordinates'][1], {'x': 6, 'y': 5, 'z': 0}, 'box coordinates in the export')
    with open(os.path.join(out, 'json/f/c.json')) as f:
        expect_eq(json.load(f)['annotations'], [], 'an item without annotations exports an empty list')


def wf_export_zip_contents():
    ds, items = _dataset_with_annotations('export-zip')
    out = temp_dir('zip')
    path = ds.export(local_path=out, include_annotations=True, export_type=dl.ExportType.ZIP,
                     output_export_type=dl.OutputExportType.ZIP)
    expect(path is not None and zipfile.is_zipfile(path), 'the export is a zip file', path)
    with zipfile.ZipFile(path) as z:
        names = sorted(z.namelist())
        expect_eq(names, ['json/e/a.json', 'json/e/b.json', 'json/f/c.json'], 'zip entries')
        a = json.loads(z.read('json/e/a.json'))
    expect_eq(a['id'], items[0].id, 'zip entry is the item JSON')
    expect_eq(len(a['annotations']), 2, 'with its annotations')
    # JSON export: one file of every item (a filter limits it), annotations left out when not asked for.
    f = dl.Filters(field='dir', values='/e')
    result = ds.export(local_path=temp_dir('json'), filters=f)
    with open(result) as fh:
        exported = json.load(fh)
    expect_eq(sorted(i['filename'] for i in exported), ['/e/a.png', '/e/b.png'], 'filtered JSON export')
    expect('annotations' not in exported[0] or exported[0]['annotations'] in ([], None),
           'no annotations unless include_annotations', exported[0].get('annotations'))
    # The user's items are untouched by the export's own output.
    expect_eq(ds.items.list().items_count, 3, 'items listed after two exports')


def wf_items_download_with_annotation_json():
    ds, items = _dataset_with_annotations('export-dl')
    out = temp_dir('dl')
    list(ds.items.download(local_path=out, annotation_options=dl.ViewAnnotationOptions.JSON) or [])
    with open(os.path.join(out, 'json/e/a.json')) as f:
        a = json.load(f)
    expect_eq(len(a['annotations']), 2, 'annotation JSON next to the downloaded items')
    expect(os.path.isfile(os.path.join(out, 'items/e/a.png')), 'the item binary is downloaded too')


def wf_clone_dataset():
    ds, items = _dataset_with_annotations('clone-src')
    items[0].metadata['user'] = {'keep': 'me'}
    items[0].update()
    name = unique('clone')
    clone = ds.clone(clone_name=name, with_items_annotations=True, with_metadata=True,
                     with_task_annotations_status=False)
    expect_eq(clone.name, name, 'clone name')
    expect(clone.id != ds.id, 'a new dataset')
    got = {i.filename: i for i in clone.items.list().all()}
    expect_eq(sorted(got), ['/e/a.png', '/e/b.png', '/f/c.png'], 'cloned items')
    a = got['/e/a.png']
    expect(a.id != items[0].id, 'cloned items are new items')
    expect_eq(a.metadata.get('user'), {'keep': 'me'}, 'user metadata cloned')
    expect_eq(sorted(x.label for x in a.annotations.list()), ['car', 'dot'], 'annotations cloned')
    with open(a.download(local_path=temp_dir('c')), 'rb') as f1, open(items[0].download(local_path=temp_dir('o')),
                                                                        'rb') as f2:
        expect_eq(f1.read(), f2.read(), 'cloned binary equals the source')
    f = dl.Filters(field='dir', values='/f')
    bare = ds.clone(clone_name=unique('clone-f'), filters=f, with_items_annotations=False, with_metadata=False)
    expect_eq([i.filename for i in bare.items.list().all()], ['/f/c.png'], 'clone by filter')
    items[1].delete()
    expect_eq(clone.items.list().items_count, 3, 'the clone does not follow the source')
