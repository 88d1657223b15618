#!/usr/bin/python3
"""Native OpenCV reference timings for bench/geometry.bench.ts.

argv: runs, then pairs of (n, path to raw n*n uint8 mask). Prints one JSON object:
{"opencv": ver, "sizes": [{"n", "sdkMs": [...], "coreMs": [...], "polygons", "checksum"}]}
sdkMs  = dtlpy's Polygon.from_segmentation(max_instances=None) as the SDK runs it (float64 normalise,
         threshold, astype, findContours RETR_TREE/NONE, contourArea, argsort, approxPolyDP).
coreMs = the OpenCV calls alone on the uint8 mask (threshold + findContours + areas + approxPolyDP).
"""
import json
import sys
import time

import cv2
import numpy as np

cv2.setNumThreads(1)


def sdk(mask):
    m = mask * 1.0
    m /= np.max(m)
    _, th = cv2.threshold(m, 0.5, 255, cv2.THRESH_BINARY)
    contours, _ = cv2.findContours(th.astype(np.uint8), cv2.RETR_TREE, cv2.CHAIN_APPROX_NONE)
    return approx(contours)


def core(mask):
    _, th = cv2.threshold(mask, 0, 255, cv2.THRESH_BINARY)
    contours, _ = cv2.findContours(th, cv2.RETR_TREE, cv2.CHAIN_APPROX_NONE)
    return approx(contours)


def approx(contours):
    areas = np.array([cv2.contourArea(c) for c in contours])
    out, eps = [], None
    for i in areas.argsort()[::-1]:
        if areas[i] > 0:
            eps = eps if eps is not None else 0.0005 * cv2.arcLength(contours[i], True)
            a = cv2.approxPolyDP(contours[i], eps, True).squeeze()
            out.append(np.asarray(a if a.ndim > 1 else contours[i].squeeze(axis=1)).reshape(-1, 2))
    return out


def timed(f, mask, runs):
    f(mask)  # warm
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        r = f(mask)
        ts.append((time.perf_counter() - t) * 1000)
    return ts, r


def main():
    runs = int(sys.argv[1])
    out = []
    args = sys.argv[2:]
    for k in range(0, len(args), 2):
        n, path = int(args[k]), args[k + 1]
        mask = np.fromfile(path, dtype=np.uint8).reshape(n, n)
        sdk_ms, polys = timed(sdk, mask, runs)
        core_ms, _ = timed(core, mask, runs)
        flat = np.concatenate([p.ravel() for p in polys]) if polys else np.zeros(0, np.int64)
        w = (np.arange(flat.size) % 97) + 1
        checksum = int(np.sum(flat.astype(np.int64) * w) % 1_000_000_007)
        out.append({'n': n, 'sdkMs': sdk_ms, 'coreMs': core_ms, 'polygons': len(polys), 'vertices': int(flat.size // 2), 'checksum': checksum})
    print(json.dumps({'opencv': cv2.__version__, 'sizes': out}))


if __name__ == '__main__':
    main()
