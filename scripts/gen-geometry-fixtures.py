#!/usr/bin/python3
"""Reference fixtures for dl-kit's geometry kernels, computed with native OpenCV (Debian python3-opencv).

Run:  /usr/bin/python3 scripts/gen-geometry-fixtures.py
Writes test/fixtures/geometry/*.json. Masks are built deterministically here (no external data);
the dtlpy algorithms (spec dataloop-format.md spec §3.1-3.4, §3.6) are re-implemented in a few lines of
numpy + cv2, step by step as the SDK does them, so TS results can be compared vertex for vertex.
Masks are stored run-length encoded: {"width", "height", "runs": [value, count, value, count, ...]}.
"""
import json
import os
import sys

import cv2
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'geometry')


def rle(a):
    flat = np.ascontiguousarray(a, dtype=np.uint8).ravel()
    if flat.size == 0:
        return {'width': int(a.shape[1]), 'height': int(a.shape[0]), 'runs': []}
    change = np.flatnonzero(np.diff(flat)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [flat.size]])
    runs = []
    for s, e in zip(starts, ends):
        runs += [int(flat[s]), int(e - s)]
    return {'width': int(a.shape[1]), 'height': int(a.shape[0]), 'runs': runs}


# ---------------------------------------------------------------- spec §3.1 Polygon.from_segmentation
def polygons_from_segmentation(mask, epsilon=None, max_instances=1, min_area=0):
    """dtlpy 1.124 Polygon.from_segmentation, returns a list of [[x, y], ...] (always a list)."""
    m = mask * 1.0
    with np.errstate(invalid='ignore', divide='ignore'):
        m /= np.max(m) if m.size else 1
    _, thresh = cv2.threshold(m, 0.5, 255, cv2.THRESH_BINARY)
    contours, _ = cv2.findContours(thresh.astype(np.uint8), cv2.RETR_TREE, cv2.CHAIN_APPROX_NONE)
    if len(contours) == 0:
        return []
    areas = np.array([cv2.contourArea(c) for c in contours])
    order = areas.argsort()[::-1]
    kept = [i for i in order if areas[i] > min_area]
    if max_instances is not None:
        kept = kept[:max_instances]
    out = []
    for i in kept:
        c = contours[i]
        if epsilon is None:
            epsilon = 0.0005 * cv2.arcLength(c, True)
        approx = cv2.approxPolyDP(c, epsilon, True).squeeze()
        if approx.ndim == 1:  # a single point: keep the raw contour
            approx = c.squeeze(axis=1) if c.ndim == 3 else c
        out.append(np.asarray(approx).reshape(-1, 2).tolist())
    return out


def polygons_with_holes(mask, epsilon=None, max_instances=1, min_area=0):
    """dl-kit's opt-in `holes: true`: outer borders (even depth in the RETR_TREE hierarchy) sorted like
    the SDK sorts contours, each followed by its direct children (the holes), approximated with the same
    epsilon rule (first kept outer's arcLength). Holes are kept whatever their area."""
    m = mask * 1.0
    with np.errstate(invalid='ignore', divide='ignore'):
        m /= np.max(m) if m.size else 1
    _, thresh = cv2.threshold(m, 0.5, 255, cv2.THRESH_BINARY)
    contours, hier = cv2.findContours(thresh.astype(np.uint8), cv2.RETR_TREE, cv2.CHAIN_APPROX_NONE)
    if len(contours) == 0:
        return []
    hier = hier[0]
    depth = []
    for i in range(len(contours)):
        d, p = 0, hier[i][3]
        while p >= 0:
            d, p = d + 1, hier[p][3]
        depth.append(d)
    outers = [i for i in range(len(contours)) if depth[i] % 2 == 0]
    areas = np.array([cv2.contourArea(contours[i]) for i in outers])
    order = areas.argsort()[::-1]
    kept = [outers[k] for k in order if areas[k] > min_area]
    if max_instances is not None:
        kept = kept[:max_instances]

    def approx(c, eps):
        a = cv2.approxPolyDP(c, eps, True).squeeze()
        if a.ndim == 1:
            a = c.squeeze(axis=1)
        return np.asarray(a).reshape(-1, 2).tolist()

    out = []
    for i in kept:
        if epsilon is None:
            epsilon = 0.0005 * cv2.arcLength(contours[i], True)
        rings = [approx(contours[i], epsilon)]
        child = hier[i][2]
        while child >= 0:
            rings.append(approx(contours[child], epsilon))
            child = hier[child][0]
        out.append(rings)
    return out


def boxes_from_segmentation(mask):
    """spec §3.2: min/max of every approximated polygon (max_instances=None, min_area 0)."""
    return [[min(p[0] for p in poly), min(p[1] for p in poly), max(p[0] for p in poly), max(p[1] for p in poly)]
            for poly in polygons_from_segmentation(mask, max_instances=None)]


# ---------------------------------------------------------------- spec §3.3 Segmentation.from_polygon
def mask_from_polygon(points, height, width):
    geo = np.array(points, dtype=float)
    m = np.zeros((height, width), dtype=np.uint8)
    cv2.drawContours(m, [geo.astype(int)], -1, color=1, thickness=-1)
    return m


# ---------------------------------------------------------------- spec §3.6 rendering
def _r(v):
    return int(round(v))  # Python round: half to even, as the SDK's np.round / round


def render(annotations, kind, width, height, color_map=None, instance_map=None, thickness=None, alpha=1.0):
    """The SDK's show() per type (spec §3.6), binary first, then the rest in order."""
    if kind == 'mask':
        d = (color_map or {}).get('$default')
        canvas = np.zeros((height, width, 4), np.uint8)
        canvas[:] = (tuple(d) + (255,)) if d else (0, 0, 0, 0)
    else:
        canvas = np.full((height, width), (instance_map or {}).get('$default', 0), np.uint8)
    ordered = [a for a in annotations if a['type'] == 'binary'] + [a for a in annotations if a['type'] != 'binary']
    for a in ordered:
        if kind == 'mask':
            c = (color_map or {}).get(a.get('label'), (255, 255, 255))
            color = (int(c[0]), int(c[1]), int(c[2]), int(alpha * 255))
        elif kind == 'instance':
            color = (instance_map or {}).get(a.get('label'), 1)
        else:
            color = int(a['metadata']['system']['objectId'])
        text = a['type'] in ('text_mark', 'ref_image')
        target = canvas.copy() if (kind == 'mask' and color[3] != 255 and a['type'] != 'binary' and not text) else canvas
        co, t = a.get('coordinates'), thickness
        if a['type'] in ('box', 'note'):
            pts = co['box'] if a['type'] == 'note' else co
            L, T = min(pts[0]['x'], pts[1]['x']), min(pts[0]['y'], pts[1]['y'])
            R, B = max(pts[0]['x'], pts[1]['x']), max(pts[0]['y'], pts[1]['y'])
            box = np.round(np.array([[L, T], [L, B], [R, B], [R, T]])).astype(int)
            cv2.drawContours(target, [box], -1, color, 2 if t is None else t, cv2.LINE_AA)
        elif a['type'] == 'segment':
            ring = np.round(np.array([[p['x'], p['y']] for p in co[0]])).astype(int)
            cv2.drawContours(target, [ring], -1, color, 2 if t is None else t, cv2.LINE_8)
        elif a['type'] == 'polyline':
            ring = np.round(np.array([[p['x'], p['y']] for p in co[0]])).astype(np.int32)
            cv2.polylines(target, [ring], False, color, 2 if t in (None, -1) else t, cv2.LINE_8)
        elif a['type'] == 'point':
            tt = 5 if t in (None, -1) else t
            cv2.circle(target, (_r(co['x']), _r(co['y'])), tt, color, tt, cv2.LINE_AA)
        elif a['type'] == 'ellipse':
            cv2.ellipse(target, (_r(co['center']['x']), _r(co['center']['y'])), (_r(co['rx']), _r(co['ry'])),
                        co['angle'], 0, 360, color, 2 if t is None else t, -1)
        elif a['type'] == 'cube':
            g = lambda n: [_r(co[n]['x']), _r(co[n]['y'])]
            tt = 2 if t is None else t
            for face in ('front', 'back'):
                quad = np.array([g(face + '_bl'), g(face + '_br'), g(face + '_tr'), g(face + '_tl')], np.int32)
                cv2.polylines(target, [quad], True, color, tt, cv2.LINE_8)
            for n in ('bl', 'br', 'tr', 'tl'):
                cv2.line(target, tuple(g('front_' + n)), tuple(g('back_' + n)), color, tt, cv2.LINE_8)
        elif a['type'] == 'binary':
            target[a['_geo'] != 0] = color
        elif text:
            # dtlpy BaseAnnotationDefinition.add_text_to_image: label + the attribute dict's keys, red, straight on the canvas
            attrs = ((a.get('metadata') or {}).get('system') or {}).get('attributes')
            label = '{label}-{attributes}'.format(label=a.get('label'), attributes=','.join(attrs if isinstance(attrs, dict) else []))
            top = (co or {}).get('top', 0) if a['type'] == 'text_mark' else 0
            left = (co or {}).get('left', 0) if a['type'] == 'text_mark' else 0
            if top == 0:
                top = target.shape[0] / 10
            if left == 0:
                left = target.shape[1] / 10
            cv2.putText(img=target, text=label, org=tuple([int(np.round(left)), int(np.round(top))]), color=(255, 0, 0),
                        fontFace=cv2.FONT_HERSHEY_DUPLEX, fontScale=1, thickness=2)
        if target is not canvas:
            canvas = cv2.addWeighted(target, alpha, canvas, 1 - alpha, 0)
    return canvas


def encode_segmentation(geo, color):
    """spec §1.5 encode -> data URL (PNG written by cv2 instead of Pillow: same pixels, other bytes)."""
    import base64
    g = geo.astype(float)
    if g.max() > 1:
        g = g / g.max()
    rgba = np.stack([color[0] * g, color[1] * g, color[2] * g, 255 * g], axis=-1).astype(np.uint8)
    ok, png = cv2.imencode('.png', cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))
    return 'data:image/png;base64,' + base64.b64encode(png.tobytes()).decode()


def render_cases():
    W, H = 96, 72
    geo = np.zeros((H, W), np.uint8)
    cv2.circle(geo, (30, 30), 14, 1, -1)
    geo2 = np.zeros((H, W), np.uint8)
    geo2[50:70, 60:90] = 1
    anns = [
        {'type': 'segment', 'label': 'dog', 'coordinates': [[{'x': 10.5, 'y': 12.5}, {'x': 40.2, 'y': 8.7}, {'x': 35, 'y': 45.5}, {'x': 12, 'y': 40}]], 'metadata': {'system': {'objectId': '75'}}},
        {'type': 'box', 'label': 'cat', 'coordinates': [{'x': 50.5, 'y': 10.2, 'z': 0}, {'x': 20.7, 'y': 55.5, 'z': 0}], 'metadata': {'system': {'objectId': '175'}}},
        {'type': 'binary', 'label': 'person.child', 'coordinates': encode_segmentation(geo, (10, 200, 30)), '_geo': geo, 'metadata': {'system': {'objectId': '50'}}},
        {'type': 'point', 'label': 'cat', 'coordinates': {'x': 70.5, 'y': 20.5, 'z': 0.0}, 'metadata': {'system': {'objectId': '225'}}},
        {'type': 'polyline', 'label': 'unknown-label', 'coordinates': [[{'x': 5, 'y': 65}, {'x': 30, 'y': 50}, {'x': 55, 'y': 68}]], 'metadata': {'system': {'objectId': '100'}}},
        {'type': 'ellipse', 'label': 'dog', 'coordinates': {'angle': 30.0, 'center': {'x': 75.4, 'y': 45.6, 'z': 0}, 'rx': 12.5, 'ry': 6.2}, 'metadata': {'system': {'objectId': '125'}}},
        {'type': 'cube', 'label': 'car', 'coordinates': {'front_tl': {'x': 60, 'y': 5}, 'front_tr': {'x': 80, 'y': 5}, 'front_br': {'x': 80, 'y': 25}, 'front_bl': {'x': 60, 'y': 25},
                                                         'back_tl': {'x': 66, 'y': 9}, 'back_tr': {'x': 90, 'y': 9}, 'back_br': {'x': 90, 'y': 30}, 'back_bl': {'x': 66, 'y': 30}, 'angle': 0}, 'metadata': {'system': {'objectId': '150'}}},
        {'type': 'binary', 'label': 'car', 'coordinates': encode_segmentation(geo2 * 255, (0, 0, 255)), '_geo': geo2, 'metadata': {'system': {'objectId': '200'}}},
        {'type': 'class', 'label': 'dog', 'metadata': {'system': {'objectId': '25'}}},
        {'type': 'text_mark', 'label': 'cat', 'coordinates': {'type': 'block', 'label': 'cat', 'start': 0, 'end': 4, 'top': 60, 'left': 30.5},
         'metadata': {'system': {'objectId': '60', 'attributes': {'mood': 'calm', 'é': True}}}},
        {'type': 'ref_image', 'label': 'ref-image', 'coordinates': {'ref': 'https://x/y.png', 'refType': 'url', 'mimetype': 'image/png'},
         'metadata': {'system': {'objectId': '70', 'attributes': ['v1', 'list']}}},
    ]
    color_map = {'dog': (200, 100, 50), 'cat': (20, 220, 120), 'person.child': (1, 2, 3), 'car': (255, 0, 128), '$default': (9, 9, 9)}
    instance_map = {'car': 1, 'cat': 2, 'dog': 3, 'person.child': 4}
    out = []
    for kind, opts in [('mask', {}), ('mask', {'colorMap': 'with-default'}), ('mask', {'thickness': -1}), ('mask', {'alpha': 0.5}),
                       ('instance', {}), ('instance', {'instanceMap': 'with-default', 'thickness': 3}), ('object_id', {}), ('object_id', {'thickness': 1})]:
        cm = dict(color_map) if opts.get('colorMap') == 'with-default' else {k: v for k, v in color_map.items() if k != '$default'}
        im = dict(instance_map, **({'$default': 11} if opts.get('instanceMap') == 'with-default' else {}))
        # a filled cube fails in cv2.polylines (the SDK raises): not part of the thickness -1 render
        use = [a for a in anns if not (a['type'] == 'cube' and opts.get('thickness') == -1)]
        canvas = render(use, kind, W, H, cm, im, opts.get('thickness'), opts.get('alpha', 1.0))
        out.append({'kind': kind, 'skipCube': len(use) != len(anns), 'colorMap': {k: list(v) for k, v in cm.items()}, 'instanceMap': im,
                    'thickness': opts.get('thickness'), 'alpha': opts.get('alpha', 1.0),
                    'canvas': rle(canvas.reshape(H, -1)) if kind != 'mask' else rle(canvas.reshape(H, W * 4))})
    return {'width': W, 'height': H, 'annotations': [{k: v for k, v in a.items() if k != '_geo'} for a in anns], 'renders': out}


# ---------------------------------------------------------------- test masks
def disc(m, cx, cy, r, v=1):
    cv2.circle(m, (cx, cy), r, int(v), -1)


def masks():
    rng = np.random.default_rng(20261127)
    cases = {}

    m = np.zeros((64, 80), np.uint8)
    m[5:45, 5:55] = 1
    m[15:35, 15:45] = 0          # hole
    m[20:30, 25:35] = 1          # island inside the hole
    m[50:60, 60:75] = 1          # separate blob
    cases['hole-island'] = m

    m = np.zeros((40, 40), np.uint8)
    m[5:15, 5:15] = 1
    m[15:25, 15:25] = 1          # touches diagonally (8-connected: one contour)
    m[5:15, 25:30] = 1
    m[5:15, 30:35] = 2           # shares an edge, other value (same after threshold)
    cases['touching'] = m

    m = np.zeros((20, 30), np.uint8)
    for (y, x) in [(0, 0), (3, 7), (10, 10), (19, 29), (5, 20)]:
        m[y, x] = 255
    cases['single-pixels'] = m

    m = np.zeros((32, 32), np.uint8)
    m[3, 2:30] = 1               # horizontal 1-px line
    m[6:28, 5] = 1               # vertical
    for i in range(15):
        m[8 + i, 10 + i] = 1     # diagonal
    m[20:26, 20:26] = 1          # a real square
    cases['lines'] = m

    m = np.zeros((60, 120), np.uint8)
    for k in range(20):          # 20 equal squares: > 16 contours so numpy's quicksort partitions
        y, x = 4 + (k // 10) * 30, 2 + (k % 10) * 12
        m[y:y + 6, x:x + 6] = 1
    m[50:52, 2:100] = 1          # plus a differently sized strip
    cases['ties-20'] = m

    m = np.zeros((12, 40), np.uint8)
    for k in range(4):           # 4 equal squares: insertion-sort path
        m[3:8, 2 + k * 9:7 + k * 9] = 1
    cases['ties-4'] = m

    m = np.zeros((256, 256), np.uint8)
    for _ in range(60):
        cx, cy = rng.integers(0, 256, 2)
        ax, ay = rng.integers(2, 20, 2)
        ang = int(rng.integers(0, 180))
        cv2.ellipse(m, (int(cx), int(cy)), (int(ax), int(ay)), ang, 0, 360, int(rng.integers(1, 256)), -1)
    cases['many-instances'] = m

    cases['empty'] = np.zeros((16, 16), np.uint8)

    m = np.zeros((10, 24), np.uint8)
    m[2:8, 1:5] = 127            # 127/255 <= 0.5: background
    m[2:8, 7:11] = 128           # 128/255 > 0.5: foreground
    m[2:8, 13:17] = 255
    m[2:8, 19:23] = 1
    cases['threshold-255'] = m

    m = np.zeros((10, 10), np.uint8)
    m[1:5, 1:5] = 1              # 1/2 == 0.5: background
    m[5:9, 5:9] = 2
    cases['threshold-half'] = m

    m = np.zeros((50, 50), np.uint8)
    m[0:20, 0:50] = 1            # touches three borders
    disc(m, 25, 40, 9)
    cases['border'] = m

    m = np.zeros((200, 300), np.uint8)
    disc(m, 150, 100, 90)
    cv2.circle(m, (150, 100), 40, 0, -1)
    cv2.fillPoly(m, [np.array([[10, 10], [60, 30], [20, 80]], np.int32)], 1)
    cases['big-disc-ring'] = m

    m = np.zeros((1536, 768), np.uint8)   # dtlpy test vector (spec §3.2): box [[100,100],[300,400]]
    cases['dtlpy-polygon'] = mask_from_polygon([[100, 200], [150, 200], [300, 100], [200, 400]], 1536, 768)

    m = np.zeros((600, 600), np.uint8)    # dtlpy test vector: two discs r=100
    disc(m, 200, 200, 100)
    disc(m, 400, 400, 100)
    cases['dtlpy-discs'] = m
    return cases


OPTION_SETS = [
    {},
    {'maxInstances': None},
    {'maxInstances': None, 'minArea': -1},
    {'maxInstances': 3, 'epsilon': 2.0},
    {'maxInstances': None, 'minArea': 50},
]


def py_opts(o):
    return dict(epsilon=o.get('epsilon'), max_instances=o.get('maxInstances', 1), min_area=o.get('minArea', 0))


def main():
    os.makedirs(OUT, exist_ok=True)
    seg = []
    for name, m in masks().items():
        runs = []
        for o in OPTION_SETS:
            runs.append({'options': o,
                         'polygons': polygons_from_segmentation(m, **py_opts(o)),
                         'holes': polygons_with_holes(m, **py_opts(o))})
        seg.append({'name': name, 'mask': rle(m), 'runs': runs, 'boxes': boxes_from_segmentation(m)})
    with open(os.path.join(OUT, 'from-segmentation.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-geometry-fixtures.py', 'opencv': cv2.__version__,
                   'numpy': np.__version__, 'cases': seg}, f, separators=(',', ':'))

    polys = [
        ('square', [[2, 2], [2, 13], [13, 13], [13, 2]], 16, 16),
        ('fractional', [[2.9, 2.1], [2.5, 13.99], [13.7, 13.2], [13.01, 2.5]], 16, 16),
        ('negative-truncates-toward-zero', [[-0.9, -0.5], [-3.7, 9.2], [9.9, 9.9], [9.5, -2.2]], 12, 12),
        ('out-of-bounds', [[-20, 5], [40, -10], [50, 40], [5, 30]], 24, 32),
        ('self-intersecting', [[2, 2], [20, 20], [20, 2], [2, 20]], 24, 24),
        ('triangle', [[100, 200], [150, 200], [300, 100], [200, 400]], 420, 320),
        ('two-points', [[1, 1], [8, 5]], 10, 10),
        ('one-point', [[3.5, 4.5]], 10, 10),
    ]
    fp = [{'name': n, 'points': p, 'height': h, 'width': w, 'mask': rle(mask_from_polygon(p, h, w))}
          for n, p, h, w in polys]
    with open(os.path.join(OUT, 'from-polygon.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-geometry-fixtures.py', 'opencv': cv2.__version__, 'cases': fp},
                  f, separators=(',', ':'))
    with open(os.path.join(OUT, 'render.json'), 'w') as f:
        json.dump(dict(generator='scripts/gen-geometry-fixtures.py', opencv=cv2.__version__, **render_cases()), f, separators=(',', ':'))

    # spec §1.5 codec: numpy's RGBA for fractional geo (truncation), and cv2-written PNGs to decode
    grad = np.tile(np.arange(256, dtype=np.uint8), (3, 1))
    grad[2, :] = (np.arange(256) % 7 == 0)  # a 0/1 row next to 0..255 rows: max 255 normalises all
    col = (255, 128, 3)
    g = grad.astype(float) / grad.max()
    rgba = np.stack([col[0] * g, col[1] * g, col[2] * g, 255 * g], axis=-1).astype(np.uint8)
    binary = np.zeros((9, 13), np.uint8)
    binary[2:7, 3:11] = 1
    binary[0, 0] = 0
    codec = {'gradient': {'mask': rle(grad), 'color': list(col), 'rgba': rle(rgba.reshape(3, -1))},
             'binary01': {'mask': rle(binary), 'color': [7, 8, 9], 'dataUrl': encode_segmentation(binary, (7, 8, 9))},
             'binary255': {'mask': rle(binary * 255), 'color': [250, 0, 1], 'dataUrl': encode_segmentation(binary * 255, (250, 0, 1))}}
    with open(os.path.join(OUT, 'codec.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-geometry-fixtures.py', 'numpy': np.__version__, 'cases': codec}, f, separators=(',', ':'))

    # numpy's argsort tie order (dtlpy sorts contour areas with `areas.argsort()[::-1]`)
    rng = np.random.default_rng(5)
    ac = []
    for n in [1, 2, 3, 5, 16, 17, 18, 30, 50, 100, 257, 1000]:
        for hi in [1, 3, 10, 1000]:
            v = rng.integers(0, hi, n).astype(float) * 0.5
            ac.append({'values': v.tolist(), 'argsort': v.argsort().tolist()})
    for n in [40, 500]:
        for v in [np.arange(n), np.arange(n)[::-1], np.zeros(n), np.concatenate([np.arange(n // 2), np.arange(n // 2)[::-1]])]:
            v = v.astype(float)
            ac.append({'values': v.tolist(), 'argsort': v.argsort().tolist()})
    with open(os.path.join(OUT, 'numpy-argsort.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-geometry-fixtures.py', 'numpy': np.__version__, 'cases': ac}, f, separators=(',', ':'))
    print('wrote', len(seg), 'segmentation cases,', len(fp), 'polygon cases to', os.path.relpath(OUT))


if __name__ == '__main__':
    sys.exit(main())
