"""Run the dtlpy conformance workflows against a running dl-kit server.

Started by `server/tests/sdk-conformance.test.ts`, which sets DLKIT_URL, DLKIT_TOKENS,
DLKIT_EMAILS and DLKIT_PROJECT_NAME and puts the vendored SDK on PYTHONPATH. Every function
`wf_<name>` of a `wf_*.py` module here is one workflow; each runs once, in file order, and its
outcome is printed as one line `@@dlkit {"name", "ok", "error", "seconds"}` on stdout. Arguments
(optional) are workflow names to run alone.
"""
import importlib
import inspect
import json
import os
import shutil
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ['DLKIT_TMP'] = tempfile.mkdtemp(prefix='dlkit-sdk-')
os.environ['DATALOOP_PATH'] = os.path.join(os.environ['DLKIT_TMP'], 'dataloop')  # the SDK's cookie and config
os.environ['NO_PROXY'] = '127.0.0.1,localhost'
sys.path.insert(0, HERE)

import common  # noqa: E402


def workflows():
    for file in sorted(os.listdir(HERE)):
        if not (file.startswith('wf_') and file.endswith('.py')):
            continue
        module = importlib.import_module(file[:-3])
        fns = [f for name, f in vars(module).items() if name.startswith('wf_') and inspect.isfunction(f)]
        yield from sorted(fns, key=lambda f: f.__code__.co_firstlineno)


def main(only):
    common.connect()
    try:
        for fn in workflows():
            name = fn.__name__[3:]
            if only and name not in only:
                continue
            start = time.time()
            error = None
            try:
                fn()
            except Exception as e:  # a failed workflow is reported, the next one still runs
                error = f'{type(e).__name__}: {e}\n{traceback.format_exc()}'
            finally:
                common.dl.login_token(common.TOKENS['owner'])
            print('@@dlkit ' + json.dumps({'name': name, 'ok': error is None, 'error': error,
                                           'seconds': round(time.time() - start, 2)}), flush=True)
    finally:
        shutil.rmtree(os.environ['DLKIT_TMP'], ignore_errors=True)


if __name__ == '__main__':
    main(set(sys.argv[1:]))
