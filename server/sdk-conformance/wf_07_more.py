"""More that users rely on: members, folders, OR filters, item clone, dataset-level annotation
upload from JSON files, annotation JSON download, and an item's annotations after an upload with
metadata taken from its JSON."""
import json
import os

import dtlpy as dl

from common import EMAILS, expect, expect_eq, new_dataset, project, temp_dir, upload_pngs


def wf_project_members():
    p = project()
    email = 'sdk-member@dlkit.test'
    p.add_member(email=email, role=dl.MemberRole.DEVELOPER)
    members = {m.email: m.role for m in p.list_members()}
    expect_eq(members.get(email), 'engineer', 'new member role')
    expect_eq(members.get(EMAILS['annotator1']), 'annotator', 'existing annotator role')
    p.update_member(email=email, role=dl.MemberRole.ANNOTATION_MANAGER)
    expect_eq({m.email: m.role for m in p.list_members()}.get(email), 'annotationManager', 'member role updated')
    p.remove_member(email=email)
    expect(email not in {m.email for m in p.list_members()}, 'member removed')


def wf_folders_and_or_filters():
    ds = new_dataset('folders')
    folder = ds.items.make_dir(directory='/empty/inner')
    expect_eq((folder.type, folder.filename), ('dir', '/empty/inner'), 'make_dir')
    upload_pngs(ds, ['/x/1.png', '/y/2.png', '/z/3.png'])
    f = dl.Filters(field='dir', values='/x', method=dl.FiltersMethod.OR)
    f.add(field='dir', values='/z', method=dl.FiltersMethod.OR)
    expect_eq(sorted(i.filename for i in ds.items.list(filters=f).all()), ['/x/1.png', '/z/3.png'], '$or of dirs')
    f = dl.Filters(field='type', values='dir')
    dirs = sorted(i.filename for i in ds.items.list(filters=f).all())
    expect_eq(dirs, ['/empty', '/empty/inner', '/x', '/y', '/z'], 'folders are items of type dir')
    f = dl.Filters(field='filename', values='/y/**')
    expect_eq([i.name for i in ds.items.list(filters=f).all()], ['2.png'], 'filename wildcard')


def wf_item_clone():
    src = new_dataset('iclone-src')
    dst = new_dataset('iclone-dst')
    (item,) = upload_pngs(src, ['/c/one.png'])
    b = item.annotations.builder()
    b.add(annotation_definition=dl.Point(x=1, y=2, label='dot'))
    item.annotations.upload(b)
    clone = item.clone(dst_dataset_id=dst.id, remote_filepath='/cloned/one.png', with_annotations=True)
    expect_eq((clone.dataset_id, clone.filename), (dst.id, '/cloned/one.png'), 'cloned item place')
    expect_eq([a.label for a in clone.annotations.list()], ['dot'], 'cloned annotations')
    same = item.clone(remote_filepath='/c/two.png', with_annotations=False)
    expect_eq((same.dataset_id, same.annotations_count), (src.id, 0), 'clone in the same dataset, no annotations')


def wf_upload_annotations_from_json_folder():
    ds = new_dataset('up-ann')
    upload_pngs(ds, ['/j/a.png', '/j/b.png'], width=30, height=20)
    folder = temp_dir('jsons')
    os.makedirs(os.path.join(folder, 'j'))
    for name, label in (('a', 'cat'), ('b', 'dog')):
        with open(os.path.join(folder, 'j', name + '.json'), 'w') as f:
            json.dump({'annotations': [{'type': 'point', 'label': label, 'attributes': [],
                                        'coordinates': {'x': 3, 'y': 4, 'z': 0}, 'metadata': {'system': {}}}]}, f)
    ds.upload_annotations(local_path=folder)
    labels = {i.name: [a.label for a in i.annotations.list()] for i in ds.items.list().all()}
    expect_eq(labels, {'a.png': ['cat'], 'b.png': ['dog']}, 'annotations matched to items by path')
    ds.upload_annotations(local_path=folder, clean=True)
    expect_eq(len(ds.items.get(filepath='/j/a.png').annotations.list()), 1, 'clean=True replaces, not adds')


def wf_annotation_json_download():
    ds = new_dataset('ann-dl')
    (item,) = upload_pngs(ds, ['/d.png'], width=30, height=20)
    b = item.annotations.builder()
    b.add(annotation_definition=dl.Box(top=1, left=2, bottom=10, right=20, label='car'))
    item.annotations.upload(b)
    out = temp_dir('annjson')
    path = item.annotations.download(filepath=os.path.join(out, 'd.json'),
                                     annotation_format=dl.ViewAnnotationOptions.JSON)
    with open(path) as f:
        data = json.load(f)
    expect_eq([a['label'] for a in data['annotations']], ['car'], 'item annotations as JSON')
    mask_path = item.annotations.download(filepath=os.path.join(out, 'd.png'),
                                          annotation_format=dl.ViewAnnotationOptions.MASK, thickness=-1)
    import numpy as np
    from PIL import Image
    mask = np.array(Image.open(mask_path))
    expect_eq(mask.shape[:2], (20, 30), 'mask drawn at the item size from the server width/height')
    expect(mask[5, 10].any() and not mask[15, 25].any(), 'the box is drawn inside, not outside')
