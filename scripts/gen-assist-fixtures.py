#!/usr/bin/python3
"""Reference results for dl-kit's assisted-annotation kernels, computed with native OpenCV
(Debian python3-opencv, run with /usr/bin/python3).

Run:  /usr/bin/python3 scripts/gen-assist-fixtures.py
Writes test/fixtures/geometry/assist.json: two synthetic scenes (discs and rectangles on a textured
background, stored as RGB PNGs, with the list of their shapes) and, per case, the inputs and native
OpenCV's output: magic wand (floodFill), GrabCut, intelligent scissors paths and watershed labels.
Each native pipeline below is the one src/geometry/kernels/*.ts documents, step by step (same ROI,
rounding, drawing calls and RNG seed), so the TypeScript results must equal these pixel for pixel.
Masks are run-length encoded like the other geometry fixtures: {"width", "height", "runs": [v, n, ...]}.
"""
import base64
import json
import math
import os
import sys

import cv2
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'geometry')


def rle(a):
    flat = np.ascontiguousarray(a, dtype=np.uint8).ravel()
    change = np.flatnonzero(np.diff(flat)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [flat.size]])
    runs = []
    for s, e in zip(starts, ends):
        runs += [int(flat[s]), int(e - s)]
    return {'width': int(a.shape[1]), 'height': int(a.shape[0]), 'runs': runs}


def jround(v):
    """JavaScript's Math.round: half up (toward +infinity)."""
    return int(math.floor(v + 0.5))


# ---------------------------------------------------------------- scenes
def scene(w, h, seed, shapes):
    """A textured background (smooth noise at three scales + a gradient) with flat-ish objects on top."""
    rng = np.random.default_rng(seed)
    img = np.zeros((h, w, 3), np.float64)
    for s, amp in [(4, 10.0), (12, 16.0), (36, 22.0)]:
        n = rng.normal(0, 1, (h // s + 3, w // s + 3, 3))
        img += amp * cv2.resize(n, (w + 3 * s, h + 3 * s), interpolation=cv2.INTER_CUBIC)[:h, :w]
    yy, xx = np.mgrid[0:h, 0:w]
    img += np.stack([90 + 30 * xx / w, 110 + 20 * yy / h, 70 + 10 * (xx + yy) / (w + h)], axis=-1)
    for sh in shapes:
        m = np.zeros((h, w), np.uint8)
        if sh['kind'] == 'disc':
            cv2.circle(m, (sh['cx'], sh['cy']), sh['r'], 1, -1)
        else:
            m[sh['y']:sh['y'] + sh['height'], sh['x']:sh['x'] + sh['width']] = 1
        sel = m.astype(bool)
        img[sel] = np.array(sh['rgb'], np.float64) + rng.normal(0, 3.0, (int(sel.sum()), 3))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)  # RGB


def shape_mask(sh, w, h):
    m = np.zeros((h, w), np.uint8)
    if sh['kind'] == 'disc':
        cv2.circle(m, (sh['cx'], sh['cy']), sh['r'], 1, -1)
    else:
        m[sh['y']:sh['y'] + sh['height'], sh['x']:sh['x'] + sh['width']] = 1
    return m


SCENES = {
    'discs-rects': dict(w=240, h=180, seed=11, shapes=[
        {'name': 'red-disc', 'kind': 'disc', 'cx': 70, 'cy': 80, 'r': 38, 'rgb': [215, 50, 40]},
        {'name': 'blue-rect', 'kind': 'rect', 'x': 140, 'y': 30, 'width': 70, 'height': 50, 'rgb': [30, 70, 210]},
        {'name': 'yellow-disc', 'kind': 'disc', 'cx': 175, 'cy': 130, 'r': 28, 'rgb': [235, 215, 40]},
        {'name': 'green-rect', 'kind': 'rect', 'x': 20, 'y': 140, 'width': 60, 'height': 26, 'rgb': [40, 190, 80]},
    ]),
    'dark-scene': dict(w=200, h=150, seed=23, shapes=[
        {'name': 'pale-disc', 'kind': 'disc', 'cx': 100, 'cy': 75, 'r': 45, 'rgb': [200, 200, 190]},
        {'name': 'small-rect', 'kind': 'rect', 'x': 10, 'y': 10, 'width': 30, 'height': 24, 'rgb': [250, 120, 20]},
    ]),
}


# ---------------------------------------------------------------- kernels (native mirrors)
def magic_wand(bgr, x, y, tolerance=32, connectivity=4, fixed_range=True):
    h, w = bgr.shape[:2]
    mask = np.zeros((h + 2, w + 2), np.uint8)
    flags = connectivity | cv2.FLOODFILL_MASK_ONLY | (cv2.FLOODFILL_FIXED_RANGE if fixed_range else 0) | (1 << 8)
    t = (tolerance,) * 3
    cv2.floodFill(bgr, mask, (x, y), 0, t, t, flags)
    return mask[1:-1, 1:-1].copy()


def clip_region(r, w, h):
    x0, y0 = math.floor(r['x']), math.floor(r['y'])
    x1, y1 = math.ceil(r['x'] + r['width']), math.ceil(r['y'] + r['height'])
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    return x0, y0, x1 - x0, y1 - y0


def grab_cut(bgr, rect, iterations=5, strokes=(), margin=None, max_pixels=1 << 18, seed=1):
    H, W = bgr.shape[:2]
    bx, by, bw, bh = clip_region(rect, W, H)
    margin = jround(max(16, 0.1 * max(bw, bh)) if margin is None else margin)
    x0, y0 = max(0, bx - margin), max(0, by - margin)
    x1, y1 = min(W, bx + bw + margin), min(H, by + bh + margin)
    rw, rh = x1 - x0, y1 - y0
    scale = math.sqrt(max_pixels / (rw * rh)) if rw * rh > max_pixels else 1
    s = lambda v: jround(v * scale)
    sb = (s(bx - x0), s(by - y0), max(1, s(bw)), max(1, s(bh)))
    src = bgr[y0:y1, x0:x1]
    if scale != 1:
        src = cv2.resize(src, (max(1, jround(rw * scale)), max(1, jround(rh * scale))), interpolation=cv2.INTER_AREA)
    labels = np.zeros(src.shape[:2], np.uint8)
    bwc, bhc = min(sb[2], src.shape[1] - sb[0]), min(sb[3], src.shape[0] - sb[1])
    labels[sb[1]:sb[1] + bhc, sb[0]:sb[0] + bwc] = cv2.GC_PR_FGD
    for st in strokes:
        value = cv2.GC_FGD if st['kind'] == 'fg' else cv2.GC_BGD
        radius = max(1, jround(st.get('radius', 3) * scale))
        pts = [(s(p['x'] - x0), s(p['y'] - y0)) for p in st['points']]
        if len(pts) == 1:
            cv2.circle(labels, pts[0], radius, value, -1, cv2.LINE_8)
        for a, b in zip(pts, pts[1:]):
            cv2.line(labels, a, b, value, 2 * radius + 1, cv2.LINE_8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(seed)
    cv2.grabCut(np.ascontiguousarray(src), labels, (sb[0], sb[1], bwc, bhc), bgd, fgd, iterations, cv2.GC_INIT_WITH_MASK)
    fg = (labels & 1).astype(np.uint8)
    if scale != 1:
        fg = cv2.resize(fg, (rw, rh), interpolation=cv2.INTER_NEAREST)
    full = np.zeros((H, W), np.uint8)
    full[y0:y1, x0:x1] = fg
    return full


def scissors_paths(bgr, rect, queries, scale=1.0, max_pixels=1920 * 1080, canny=(32, 100), limit=200):
    H, W = bgr.shape[:2]
    x, y, w, h = clip_region(rect, W, H)
    if w * h * scale * scale > max_pixels:
        scale = math.sqrt(max_pixels / (w * h))
    src = bgr[y:y + h, x:x + w]
    sw, sh = (w, h) if scale == 1 else (max(1, jround(w * scale)), max(1, jround(h * scale)))
    if scale != 1:
        src = cv2.resize(src, (sw, sh), interpolation=cv2.INTER_AREA)
    tool = cv2.segmentation.IntelligentScissorsMB()
    tool.setEdgeFeatureCannyParameters(canny[0], canny[1])
    tool.setGradientMagnitudeMaxLimit(limit)
    tool.applyImage(np.ascontiguousarray(src))
    local = lambda p: (min(sw - 1, max(0, jround((p['x'] - x) * scale))), min(sh - 1, max(0, jround((p['y'] - y) * scale))))
    anchor, out = None, []
    for q in queries:
        a = local(q['from'])
        if a != anchor:
            tool.buildMap(a)
            anchor = a
        c = tool.getContour(local(q['to'])).reshape(-1, 2)
        path = []
        for px, py in c.tolist():
            p = [px + x, py + y] if scale == 1 else [jround(px / scale) + x, jround(py / scale) + y]
            if not path or path[-1] != p:
                path.append(p)
        out.append(path)
    return out


def watershed(bgr, scribbles, rect=None):
    H, W = bgr.shape[:2]
    x, y, w, h = clip_region(rect, W, H) if rect else (0, 0, W, H)
    labels, markers = [], np.zeros((h, w), np.int32)
    for s in scribbles:
        if s['label'] not in labels:
            labels.append(s['label'])
        k = labels.index(s['label']) + 1
        r = max(0, jround(s.get('radius', 2)))
        pts = [(jround(p['x']) - x, jround(p['y']) - y) for p in s['points']]
        if len(pts) == 1:
            cv2.circle(markers, pts[0], r, k, -1, cv2.LINE_8)
        for a, b in zip(pts, pts[1:]):
            cv2.line(markers, a, b, k, 2 * r + 1, cv2.LINE_8)
    cv2.watershed(np.ascontiguousarray(bgr[y:y + h, x:x + w]), markers)
    out = []
    for i, label in enumerate(labels):
        full = np.zeros((H, W), np.uint8)
        full[y:y + h, x:x + w] = (markers == i + 1)
        out.append({'label': label, 'mask': rle(full)})
    return out


def pt(x, y):
    return {'x': x, 'y': y}


def main():
    scenes, bgrs = {}, {}
    for name, s in SCENES.items():
        rgb = scene(s['w'], s['h'], s['seed'], s['shapes'])
        ok, png = cv2.imencode('.png', cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        scenes[name] = {'width': s['w'], 'height': s['h'], 'png': base64.b64encode(png.tobytes()).decode(),
                        'shapes': [{k: v for k, v in sh.items() if k != 'rgb'} for sh in s['shapes']]}
        bgrs[name] = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        # the PNG must give back exactly these pixels
        assert np.array_equal(cv2.imdecode(png, cv2.IMREAD_COLOR), bgrs[name])

    wand = []
    for sc, p in [('discs-rects', dict(x=70, y=80, tolerance=24)),
                  ('discs-rects', dict(x=70, y=80, tolerance=24, connectivity=8)),
                  ('discs-rects', dict(x=175, y=55, tolerance=30, fixedRange=False)),
                  ('discs-rects', dict(x=120, y=100, tolerance=12)),
                  ('discs-rects', dict(x=120, y=100, tolerance=40, connectivity=8)),
                  ('discs-rects', dict(x=0, y=0, tolerance=20)),
                  ('discs-rects', dict(x=175, y=130, tolerance=0)),
                  ('dark-scene', dict(x=100, y=75, tolerance=20)),
                  ('dark-scene', dict(x=199, y=149, tolerance=35, fixedRange=False, connectivity=8))]:
        m = magic_wand(bgrs[sc], p['x'], p['y'], p.get('tolerance', 32), p.get('connectivity', 4), p.get('fixedRange', True))
        wand.append({'scene': sc, 'params': p, 'mask': rle(m), 'area': int(m.sum())})

    grab = []
    for sc, p in [('discs-rects', dict(rect=dict(x=25, y=35, width=92, height=92))),
                  ('discs-rects', dict(rect=dict(x=130.4, y=22.6, width=90, height=66), iterations=3)),
                  ('discs-rects', dict(rect=dict(x=140, y=95, width=72, height=72), iterations=2, margin=8,
                                       strokes=[dict(kind='bg', points=[pt(150, 100), pt(205, 100)], radius=3),
                                                dict(kind='fg', points=[pt(175, 130)], radius=5)])),
                  ('discs-rects', dict(rect=dict(x=25, y=35, width=92, height=92), iterations=4, maxPixels=4096)),
                  ('dark-scene', dict(rect=dict(x=50, y=25, width=100, height=100), iterations=5, seed=7))]:
        m = grab_cut(bgrs[sc], p['rect'], p.get('iterations', 5), p.get('strokes', ()), p.get('margin'),
                     p.get('maxPixels', 1 << 18), p.get('seed', 1))
        grab.append({'scene': sc, 'params': p, 'mask': rle(m), 'area': int(m.sum())})

    sc_cases = []
    for sc, rect, scale, queries in [
        ('discs-rects', dict(x=0, y=0, width=240, height=180), 1.0,
         [{'from': pt(140, 30), 'to': pt(209, 31)}, {'from': pt(140, 30), 'to': pt(209, 79)},
          {'from': pt(209, 79), 'to': pt(140, 79)}, {'from': pt(70, 42), 'to': pt(108, 80)},
          {'from': pt(70, 42), 'to': pt(300, -20)}]),
        ('discs-rects', dict(x=100.5, y=10, width=130, height=100), 1.0,
         [{'from': pt(140, 30), 'to': pt(175, 80)}, {'from': pt(140, 30), 'to': pt(210, 55)}]),
        ('dark-scene', dict(x=0, y=0, width=200, height=150), 0.5,
         [{'from': pt(100, 30), 'to': pt(145, 75)}, {'from': pt(145, 75), 'to': pt(100, 120)}]),
    ]:
        sc_cases.append({'scene': sc, 'params': {'rect': rect, 'scale': scale}, 'queries': queries,
                         'paths': scissors_paths(bgrs[sc], rect, queries, scale)})

    ws = []
    for sc, p in [('discs-rects', dict(scribbles=[dict(label='disc', points=[pt(60, 70), pt(80, 90)]),
                                                  dict(label='bg', points=[pt(5, 5), pt(120, 5), pt(120, 130)], radius=3)])),
                  ('discs-rects', dict(rect=dict(x=130, y=20, width=100, height=150),
                                       scribbles=[dict(label='rect', points=[pt(175, 55)], radius=6),
                                                  dict(label='disc', points=[pt(165, 125), pt(185, 135)]),
                                                  dict(label='bg', points=[pt(132, 95), pt(228, 95)], radius=1),
                                                  dict(label='rect', points=[pt(150, 40), pt(200, 70)], radius=1)])),
                  ('dark-scene', dict(scribbles=[dict(label='a', points=[pt(100, 75)], radius=0),
                                                 dict(label='b', points=[pt(1, 149), pt(199, 149)])]))]:
        ws.append({'scene': sc, 'params': p, 'labels': watershed(bgrs[sc], p['scribbles'], p.get('rect'))})

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'assist.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-assist-fixtures.py', 'opencv': cv2.__version__, 'scenes': scenes,
                   'wand': wand, 'grabCut': grab, 'scissors': sc_cases, 'watershed': ws}, f, separators=(',', ':'))
    # sanity: the known shapes are what the tools should find (the tests check IoU against them)
    for name, s in SCENES.items():
        for sh in s['shapes']:
            assert shape_mask(sh, s['w'], s['h']).sum() > 0
    print('wrote', len(wand), 'wand,', len(grab), 'grabCut,', len(sc_cases), 'scissors,', len(ws), 'watershed cases to',
          os.path.relpath(os.path.join(OUT, 'assist.json')))


if __name__ == '__main__':
    sys.exit(main())
