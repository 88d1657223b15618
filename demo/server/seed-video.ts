// The demo's video: a short H.264 clip of a street (demo/server/media/street.mp4, made by
// scripts/make-video-clips.mjs) uploaded through the REST route, so the server's probe fills its
// fps and frame count, with one box track per object and two subtitles.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENES, objectBox } from '../../scripts/video-scenes.mjs';

// biome-ignore lint/suspicious/noExplicitAny: the seed's REST helper returns untyped JSON.
type Call = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

/** Remote path of the seeded video in the Street scenes dataset. */
export const DEMO_VIDEO_PATH = '/videos/street.mp4';

type Scene = (typeof SCENES)['demo'];
type SceneObject = Scene['objects'][number];

/** True when the object's box at `frame` lies wholly inside the picture (nothing cut at an edge). */
function inView(scene: Scene, o: SceneObject, frame: number): boolean {
  const b = objectBox(o, frame);
  return b.left >= 0 && b.top >= 0 && b.right <= scene.width && b.bottom <= scene.height;
}

/**
 * Key frames written for one object's track: every second, the last frame, and each frame where the
 * box stops or starts being cut at the picture's edge (the first frame wholly in view after, the last
 * one before). The box written is the visible part, which moves in a straight line only while the
 * same edges cut it: the blue car enters cut by the right edge, and without a key frame at 12 (the
 * first frame it is wholly in view) the box interpolated from frame 0's cut box to frame 30's fell
 * 15 px short of the car's right end at frame 15.
 */
export function keyFrames(scene: Scene, o: SceneObject): number[] {
  const keys = new Set<number>();
  for (let f = 0; f < scene.frames; f += scene.fps) keys.add(f);
  keys.add(scene.frames - 1);
  for (let f = 1; f < scene.frames; f++) {
    const was = inView(scene, o, f - 1);
    if (was !== inView(scene, o, f)) keys.add(was ? f - 1 : f);
  }
  return [...keys].sort((a, b) => a - b);
}

/**
 * Uploads the street clip into `datasetId` and adds its tracks: a box per object with fixed key
 * frames every second and where it enters or leaves the picture (keyFrames: the objects move in
 * straight lines, so the frames between are what linear interpolation gives), and two subtitles.
 * Returns the item id.
 */
export async function seedVideo(call: Call, datasetId: string): Promise<string> {
  const scene = SCENES.demo;
  const bytes = readFileSync(fileURLToPath(new URL('./media/street.mp4', import.meta.url)));
  const form = new FormData();
  form.append('file', new File([bytes], 'street.mp4', { type: 'video/mp4' }));
  form.append('path', DEMO_VIDEO_PATH);
  const item = await call('POST', `/datasets/${datasetId}/items`, form);
  const last = scene.frames - 1;
  const box = (o: SceneObject, f: number) => {
    const b = objectBox(o, f);
    return [
      { x: Math.max(0, b.left), y: Math.max(0, b.top), z: 0 },
      { x: Math.min(scene.width, b.right), y: Math.min(scene.height, b.bottom), z: 0 },
    ];
  };
  // The ontology's required attributes (seed-ontology.ts), so the tracks are complete.
  const attributes = (label: string, i: number): Record<string, unknown> =>
    label === 'car'
      ? { color: i === 0 ? 'red' : 'blue', parked: false, visibility: 100 }
      : { activity: 'walking', visibility: 100 };
  const tracks = scene.objects.map((o, i) => ({
    type: 'box',
    label: o.label,
    coordinates: box(o, 0),
    attributes: null,
    itemId: item.id,
    source: 'ui',
    metadata: {
      system: {
        attributes: attributes(o.label, i),
        automated: false,
        objectId: String(i + 1),
        frame: 0,
        startTime: 0,
        endTime: last / scene.fps,
        endFrame: last,
        snapshots_: keyFrames(scene, o)
          .slice(1)
          .map((f) => ({
            frame: f,
            fixed: true,
            label: o.label,
            type: 'box',
            objectVisible: true,
            data: box(o, f),
            namedAttributes: attributes(o.label, i),
          })),
      },
    },
  }));
  const subtitle = (text: string, start: number, end: number) => ({
    type: 'subtitle',
    label: 'Text',
    coordinates: { text },
    attributes: null,
    itemId: item.id,
    source: 'ui',
    metadata: {
      system: {
        attributes: {},
        automated: false,
        frame: Math.round(start * scene.fps),
        startTime: start,
        endTime: end,
        endFrame: Math.round(end * scene.fps),
      },
    },
  });
  await call('POST', `/items/${item.id}/annotations`, [
    ...tracks,
    subtitle('Two cars cross the street', 0.5, 2.5),
    subtitle('People walk by', 3, 4.5),
  ]);
  return item.id;
}
