"""Annotations of every kind through AnnotationBuilder: upload, list (item, dataset, DQL on the
annotations resource), update, status, delete; local annotation files on upload."""
import json
import os

import numpy as np

import dtlpy as dl

from common import expect, expect_eq, new_dataset, temp_dir, upload_pngs, write_png

W, H = 64, 48


def _build(item):
    builder = item.annotations.builder()
    builder.add(annotation_definition=dl.Box(top=2, left=3, bottom=20, right=30, label='car',
                                             attributes={'color': 'red'}), object_id=1)
    builder.add(annotation_definition=dl.Polygon(geo=[[5, 5], [25, 5], [25, 25], [5, 25]], label='person'))
    builder.add(annotation_definition=dl.Point(x=10, y=11, label='person'))
    builder.add(annotation_definition=dl.Polyline(geo=[[1, 1], [10, 20], [30, 5]], label='lane'))
    builder.add(annotation_definition=dl.Ellipse(x=30, y=20, rx=8, ry=5, angle=30, label='car'))
    mask = np.zeros((H, W), dtype=bool)
    mask[10:20, 15:40] = True
    builder.add(annotation_definition=dl.Segmentation(geo=mask, label='road'))
    builder.add(annotation_definition=dl.Classification(label='daytime'))
    return builder, mask


def wf_annotation_builder_every_type():
    ds = new_dataset('ann')
    ds.add_labels(label_list=['car', 'person', 'lane', 'road', 'daytime'])
    (item,) = upload_pngs(ds, ['/a.png'], width=W, height=H)
    builder, mask = _build(item)
    uploaded = item.annotations.upload(builder)
    expect_eq(len(uploaded), 7, 'annotations created')
    anns = item.annotations.list()
    expect_eq(sorted(a.type for a in anns), sorted(['box', 'segment', 'point', 'polyline', 'ellipse', 'binary',
                                                  'class']), 'types as listed')
    by_label_type = {(a.label, a.type): a for a in anns}
    box = by_label_type[('car', 'box')]
    expect_eq((box.top, box.left, box.bottom, box.right), (2, 3, 20, 30), 'box corners')
    expect_eq(box.object_id, '1', 'box object id')
    expect_eq(box.attributes, {'color': 'red'}, 'box v2 attributes')
    poly = by_label_type[('person', 'segment')]
    expect_eq([list(map(float, p)) for p in poly.geo], [[5, 5], [25, 5], [25, 25], [5, 25]], 'polygon points')
    lane = by_label_type[('lane', 'segment')] if ('lane', 'segment') in by_label_type else None
    lane = lane or by_label_type.get(('lane', 'polyline'))
    expect(lane is not None and lane.type in ('segment', 'polyline'), 'polyline stored', [a.type for a in anns])
    ell = by_label_type[('car', 'ellipse')]
    expect_eq((ell.x, ell.y, ell.rx, ell.ry, round(ell.angle)), (30, 20, 8, 5, 30), 'ellipse')
    seg = by_label_type[('road', 'binary')]
    expect_eq(seg.geo.shape, (H, W), 'mask size')
    expect(np.array_equal(seg.geo > 0, mask), 'mask pixels survive the round trip')
    expect_eq(ds.items.get(item_id=item.id).annotations_count, 7, 'item annotationsCount')
    expect_eq(ds.items.get(item_id=item.id).annotated, True, 'item annotated')


def wf_annotation_update_then_status():
    ds = new_dataset('ann-upd')
    (item,) = upload_pngs(ds, ['/u.png'], width=W, height=H)
    builder = item.annotations.builder()
    builder.add(annotation_definition=dl.Box(top=1, left=1, bottom=10, right=10, label='car'))
    ann = item.annotations.upload(builder).annotations[0]
    ann.label = 'truck'
    ann = ann.update()
    ann.description = 'checked'
    ann.update()  # a second update() on the same object
    ann.update_status(status=dl.AnnotationStatus.APPROVED)
    got = item.annotations.get(annotation_id=ann.id)
    expect_eq((got.label, got.description, got.status), ('truck', 'checked', 'approved'),
              'label, description and status after update, update, update_status')
    got.update_status(status=dl.AnnotationStatus.ISSUE)
    expect_eq(item.annotations.get(annotation_id=ann.id).status, 'issue', 'status issue')
    box = item.annotations.get(annotation_id=ann.id)
    box.annotation_definition.right = 40
    box.update()
    expect_eq(item.annotations.get(annotation_id=ann.id).right, 40, 'coordinates update')
    box.delete()
    expect_eq(len(item.annotations.list()), 0, 'annotation deleted')
    expect_eq(ds.items.get(item_id=item.id).annotations_count, 0, 'item count back to 0')


def wf_annotations_resource_query():
    ds = new_dataset('ann-q')
    items = upload_pngs(ds, ['/q/1.png', '/q/2.png', '/r/3.png'], width=W, height=H)
    for i, item in enumerate(items):
        b = item.annotations.builder()
        for k in range(i + 1):
            b.add(annotation_definition=dl.Box(top=k, left=k, bottom=k + 5, right=k + 5,
                                               label='car' if k % 2 == 0 else 'person'))
        item.annotations.upload(b)
    f = dl.Filters(resource=dl.FiltersResource.ANNOTATION)
    pages = ds.items.list(filters=f)
    expect_eq(pages.items_count, 6, 'items.list on the annotations resource counts annotations')
    expect(all(isinstance(a, dl.Annotation) for a in pages.all()), 'entries are Annotation entities')
    f = dl.Filters(resource=dl.FiltersResource.ANNOTATION, field='label', values='person')
    expect_eq(ds.annotations.list(filters=f).items_count, 2, 'dataset.annotations.list with a label filter')
    f = dl.Filters(resource=dl.FiltersResource.ANNOTATION, page_size=4)
    pages = ds.annotations.list(filters=f)
    expect_eq((pages.total_pages_count, len(list(pages.all()))), (2, 6), 'annotation pages')
    f = dl.Filters()
    f.add_join(field='label', values='person')
    expect_eq(sorted(i.name for i in ds.items.list(filters=f).all()), ['2.png', '3.png'], 'items joined on label')
    f = dl.Filters(resource=dl.FiltersResource.ANNOTATION)
    f.add(field='label', values='car')
    ds.annotations.delete(filters=f)
    expect_eq(ds.annotations.list(filters=dl.Filters(resource=dl.FiltersResource.ANNOTATION)).items_count, 2,
              'bulk delete of the car annotations')


def wf_upload_with_local_annotations():
    ds = new_dataset('local-ann')
    images = temp_dir('imgs')
    jsons = temp_dir('jsons')
    write_png(images, 'sub/one.png', W, H, 1)
    write_png(images, 'two.png', W, H, 2)
    for rel, label in (('sub/one', 'car'), ('two', 'person')):
        os.makedirs(os.path.dirname(os.path.join(jsons, rel)), exist_ok=True)
        with open(os.path.join(jsons, rel + '.json'), 'w') as f:
            json.dump({'annotations': [{'type': 'box', 'label': label, 'attributes': [],
                                        'coordinates': [{'x': 1, 'y': 2, 'z': 0}, {'x': 11, 'y': 12, 'z': 0}],
                                        'metadata': {'system': {}}}]}, f)
    ds.items.upload(local_path=images + '/*', local_annotations_path=jsons)
    one = ds.items.get(filepath='/sub/one.png')
    two = ds.items.get(filepath='/two.png')
    expect_eq([a.label for a in one.annotations.list()], ['car'], 'annotations of sub/one.png from its JSON')
    expect_eq([a.label for a in two.annotations.list()], ['person'], 'annotations of two.png from its JSON')
    # A second upload of the same files is skipped ("exist"): the annotations are not added again.
    ds.items.upload(local_path=images + '/*', local_annotations_path=jsons)
    expect_eq(len(ds.items.get(filepath='/two.png').annotations.list()), 1, 'skipped upload adds no annotations')
    # Overwrite uploads the annotations again.
    ds.items.upload(local_path=images + '/*', local_annotations_path=jsons, overwrite=True)
    expect_eq(len(ds.items.get(filepath='/two.png').annotations.list()), 2, 'overwrite uploads its annotations')
