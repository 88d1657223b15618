"""Items: upload, filters and paging, get, metadata, move, download, delete."""
import io
import os

import dtlpy as dl

from common import expect, expect_eq, new_dataset, png, temp_dir, upload_pngs, write_png


def wf_upload_and_list_with_filters():
    ds = new_dataset('items')
    folder = temp_dir('up')
    for i in range(5):
        write_png(folder, f'cars/car{i}.png', 40 + i, 30, i)
    write_png(folder, 'people/p0.png', 20, 20)
    ds.items.upload(local_path=os.path.join(folder, '*'), remote_path='/', item_metadata={'user': {'batch': 1}})
    pages = ds.items.list()
    expect_eq(pages.items_count, 6, 'items after a folder upload')
    f = dl.Filters(field='dir', values='/cars')
    expect_eq(ds.items.list(filters=f).items_count, 5, 'filter dir=/cars')
    f = dl.Filters(field='metadata.user.batch', values=1)
    expect_eq(ds.items.list(filters=f).items_count, 6, 'filter on user metadata from the upload')
    f = dl.Filters()
    f.add(field='name', values='car*')
    f.add(field='metadata.system.width', values=42, operator=dl.FiltersOperations.GREATER_THAN_OR_EQUAL)
    names = sorted(i.name for i in ds.items.list(filters=f).all())
    expect_eq(names, ['car2.png', 'car3.png', 'car4.png'], 'wildcard name AND width >= 42')
    f = dl.Filters()
    f.add(field='name', values=['p0.png', 'car0.png'], operator=dl.FiltersOperations.IN)
    expect_eq(ds.items.list(filters=f).items_count, 2, '$in on names')
    f = dl.Filters()
    f.add(field='dir', values='/cars', operator=dl.FiltersOperations.NOT_EQUAL)
    expect_eq([i.name for i in ds.items.list(filters=f).all()], ['p0.png'], '$ne on dir')
    item = ds.items.get(filepath='/cars/car3.png')
    expect_eq((item.width, item.height, item.mimetype), (43, 30, 'image/png'), 'width, height, mimetype of car3')


def wf_pagination_edges():
    ds = new_dataset('pages')
    upload_pngs(ds, [f'/p/{i:02d}.png' for i in range(7)], width=8, height=8)
    f = dl.Filters(page_size=3)
    f.sort_by(field='filename')
    pages = ds.items.list(filters=f)
    expect_eq((pages.items_count, pages.total_pages_count, pages.has_next_page), (7, 3, True), 'first page of 3')
    seen = [i.name for page in pages for i in page]
    expect_eq(seen, [f'{i:02d}.png' for i in range(7)], 'iterating every page in filename order')
    pages.go_to_page(2)
    expect_eq([i.name for i in pages.items], ['06.png'], 'last page holds the remainder')
    expect_eq(pages.has_next_page, False, 'no page after the last')
    f = dl.Filters(page_size=0)
    expect_eq(ds.items.list(filters=f).items_count, 7, 'page_size 0 still counts')
    f = dl.Filters(page_size=7)
    p = ds.items.list(filters=f)
    expect_eq((p.total_pages_count, p.has_next_page, len(p.items)), (1, False, 7), 'exactly one full page')
    f = dl.Filters(field='name', values='nothing-*')
    empty = ds.items.list(filters=f)
    expect_eq((empty.items_count, list(empty.all())), (0, []), 'an empty result')
    f = dl.Filters(page_size=1000)
    expect_eq(len(list(ds.items.list(filters=f).all())), 7, 'page_size 1000')
    f = dl.Filters(page_size=2)
    f.sort_by(field='filename', value=dl.FiltersOrderByDirection.DESCENDING)
    expect_eq([i.name for i in ds.items.list(filters=f).all()], [f'{i:02d}.png' for i in range(6, -1, -1)],
              'descending sort across pages')
    expect_eq(len(ds.items.get_all_items()), 7, 'get_all_items')


def wf_item_metadata_move_delete():
    ds = new_dataset('meta')
    item, other = upload_pngs(ds, ['/in/a.png', '/in/b.png'])
    item.metadata['user'] = {'quality': 'good', 'score': 3}
    item = item.update()
    expect_eq(ds.items.get(item_id=item.id).metadata['user'], {'quality': 'good', 'score': 3}, 'user metadata update')
    item.metadata['user']['score'] = 4
    del item.metadata['user']['quality']
    item.update()
    expect_eq(ds.items.get(item_id=item.id).metadata['user'], {'score': 4}, 'second update, key removed')
    item.description = 'a described item'
    item.update()
    expect_eq(ds.items.get(item_id=item.id).description, 'a described item', 'description')
    item.move(new_path='/moved/a.png')
    moved = ds.items.get(item_id=item.id)
    expect_eq((moved.filename, moved.dir), ('/moved/a.png', '/moved'), 'move to a new path')
    ds.items.move_items(destination='/dest', items=[other])
    expect_eq(ds.items.get(item_id=other.id).filename, '/dest/b.png', 'move_items into a folder')
    expect(other.delete(), 'item delete')
    try:
        ds.items.get(item_id=other.id)
        raise AssertionError('a deleted item is still found')
    except dl.exceptions.NotFound:
        pass
    f = dl.Filters(field='dir', values='/moved')
    ds.items.update(filters=f, update_values={'bulk': True})
    expect_eq(ds.items.get(item_id=item.id).metadata['user'].get('bulk'), True, 'bulk metadata update by filter')
    ds.items.delete(filters=f)
    expect_eq(ds.items.list().items_count, 0, 'bulk delete by filter')


def wf_download_items():
    ds = new_dataset('download')
    items = upload_pngs(ds, ['/d/x.png', '/d/y.png'], width=12, height=9)
    out = temp_dir('dl')
    path = items[0].download(local_path=out)
    with open(path, 'rb') as f:
        expect_eq(f.read(), png(12, 9, 0), 'downloaded bytes equal the upload')
    buf = items[1].download(save_locally=False)
    expect_eq(buf.read(), png(12, 9, 1), 'download to a buffer')
    arr = items[1].download(save_locally=False, to_array=True)
    expect_eq(arr.shape, (9, 12, 3), 'download to a numpy array')
    all_dir = temp_dir('dl-all')
    list(ds.items.download(local_path=all_dir) or [])
    found = sorted(os.path.relpath(os.path.join(r, n), all_dir) for r, _, ns in os.walk(all_dir) for n in ns)
    expect_eq(found, ['items/d/x.png', 'items/d/y.png'], 'dataset download mirrors remote paths')


def wf_upload_overwrite_and_skip():
    ds = new_dataset('modes')
    buf = io.BytesIO(png(10, 10, 1))
    buf.name = 'same.png'
    first = ds.items.upload(local_path=buf, remote_path='/m')
    # The same file again is skipped. (The SDK deletes the item it gets back when its size differs from the
    # bytes it sent, so skipping is only safe for identical files, as on the platform.)
    buf = io.BytesIO(png(10, 10, 1))
    buf.name = 'same.png'
    skipped = ds.items.upload(local_path=buf, remote_path='/m')
    expect_eq((skipped.id, skipped.width), (first.id, 10), 'a second upload to the same path is skipped')
    buf = io.BytesIO(png(16, 10, 2))
    buf.name = 'same.png'
    over = ds.items.upload(local_path=buf, remote_path='/m', overwrite=True)
    expect_eq((over.id, over.width), (first.id, 16), 'overwrite keeps the id and replaces the binary')
