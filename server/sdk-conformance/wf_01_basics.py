"""Login, projects, datasets, the folder tree, the SDK's version check."""
import dtlpy as dl

from common import EMAILS, PROJECT_NAME, expect, expect_eq, new_dataset, project, unique, upload_pngs


def wf_projects_and_datasets():
    me = dl.info()
    expect_eq(me.get('user_email'), EMAILS['owner'], 'dl.info() user')
    p = project()
    expect_eq(p.name, PROJECT_NAME, 'project name')
    expect(any(x.id == p.id for x in dl.projects.list()), 'projects.list holds the project')
    expect_eq(dl.projects.get(project_id=p.id).name, PROJECT_NAME, 'projects.get by id')
    name = unique('basics')
    ds = p.datasets.create(dataset_name=name)
    expect_eq(ds.name, name, 'created dataset name')
    expect(len(ds.metadata['system']['recipes']) == 1, 'a new dataset has its default recipe', ds.metadata)
    expect_eq(p.datasets.get(dataset_name=name).id, ds.id, 'datasets.get by name')
    expect(any(d.id == ds.id for d in p.datasets.list()), 'datasets.list holds the new dataset')
    ds.name = name + '-renamed'
    ds = ds.update()
    expect_eq(p.datasets.get(dataset_id=ds.id).name, name + '-renamed', 'dataset rename through update()')
    expect(ds.delete(sure=True, really=True), 'dataset delete')
    try:
        p.datasets.get(dataset_id=ds.id)
        raise AssertionError('a deleted dataset is still found')
    except dl.exceptions.NotFound:
        pass


def wf_directory_tree():
    ds = new_dataset('tree')
    upload_pngs(ds, ['/a/1.png', '/a/b/2.png', '/c/3.png'])
    tree = ds.directory_tree
    expect_eq(sorted(tree.dir_names), ['/', '/a', '/a/b', '/c'], 'directory_tree.dir_names')
    by_path = {d.path: d for d in tree.dirs}
    ab = by_path['/a/b']
    expect_eq((ab.name, ab.parent), ('b', '/a'), '/a/b name and parent')
    expect(isinstance(ab.id, str) and len(ab.id) == 24, 'a folder node carries its item id', ab.id)
    expect_eq(ds.items.get(item_id=ab.id).filename, '/a/b', 'the node id is the folder item')
    expect_eq([c.path for c in by_path['/a'].children], ['/a/b'], 'children of /a')


def wf_sdk_version_check():
    # What the SDK's background thread posts at login; the platform answers {level, msg}.
    success, resp = dl.client_api.gen_request(req_type='POST', path='/sdk/check',
                                             data={'version': dl.__version__, 'email': EMAILS['owner']})
    expect(success, 'POST /sdk/check succeeds', resp.status_code)
    body = resp.json()
    expect(body.get('level') in ('debug', 'info'), 'the check says "no update" at a quiet level', body)
    expect(isinstance(body.get('msg'), str), 'the check carries a message', body)
