"""Shared helpers of the dtlpy conformance workflows: logging in as a test user, small PNGs,
unique names, and `expect`, which fails a workflow with a message naming what differed."""
import contextlib
import io
import os
import struct
import tempfile
import uuid
import zlib

import dtlpy as dl

URL = os.environ['DLKIT_URL']
TOKENS = dict(item.split('=', 1) for item in os.environ['DLKIT_TOKENS'].split(','))
EMAILS = dict(item.split('=', 1) for item in os.environ['DLKIT_EMAILS'].split(','))
PROJECT_NAME = os.environ['DLKIT_PROJECT_NAME']


def connect():
    """Point the SDK at the local server (offline) and log in as the owner."""
    dl.add_environment(environment=URL, alias='dlkit-local', gate_url=URL, url=URL, verify_ssl=False)
    dl.setenv(URL)
    dl.verbose.disable_progress_bar = True
    dl.verbose.logging_level = 'error'
    dl.login_token(TOKENS['owner'])


@contextlib.contextmanager
def as_user(role):
    """Run a block with another test user's token (the SDK keeps one token per process)."""
    dl.login_token(TOKENS[role])
    try:
        yield
    finally:
        dl.login_token(TOKENS['owner'])


def expect(condition, message, *got):
    """Fail the workflow with `message` (and what was seen) unless `condition` holds."""
    if not condition:
        raise AssertionError(message + (': got ' + ', '.join(repr(g) for g in got) if got else ''))


def expect_eq(actual, wanted, what):
    """Fail unless `actual == wanted`, naming both."""
    if actual != wanted:
        raise AssertionError(f'{what}: expected {wanted!r}, got {actual!r}')


def unique(prefix):
    """A name no other workflow uses."""
    return f'{prefix}-{uuid.uuid4().hex[:8]}'


def png(width, height, seed=0):
    """An RGB PNG of a gradient, `width` x `height`, as bytes."""
    rows = b''.join(
        b'\x00' + b''.join(bytes(((x * 7 + y * 3 + seed * 31) % 256, (x + seed) % 256, (y * 5) % 256)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')


def write_png(folder, relpath, width, height, seed=0):
    """Write a PNG under `folder` (parents created) and return its path."""
    path = os.path.join(folder, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(png(width, height, seed))
    return path


def temp_dir(prefix):
    """A fresh temp folder (removed by the runner at the end)."""
    return tempfile.mkdtemp(prefix=f'dlkit-sdk-{prefix}-', dir=os.environ.get('DLKIT_TMP'))


def project():
    """The test project."""
    return dl.projects.get(project_name=PROJECT_NAME)


def new_dataset(prefix):
    """A fresh dataset in the test project."""
    return project().datasets.create(dataset_name=unique(prefix))


def upload_pngs(dataset, paths, width=32, height=24, metadata=None):
    """Upload PNG bytes at the remote `paths` (e.g. '/a/1.png'); returns the items in order."""
    items = []
    for i, remote in enumerate(paths):
        folder, name = os.path.split(remote)
        buf = io.BytesIO(png(width, height, i))
        buf.name = name
        item = dataset.items.upload(local_path=buf, remote_path=folder or '/', item_metadata=metadata)
        expect(isinstance(item, dl.Item), f'upload of {remote} returns an Item', item)
        items.append(item)
    return items
