import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A box on a photo, in pixels: left, top, right, bottom. */
type Box = [number, number, number, number];

/** One real photograph of `photos/` (licences in `photos/README.md`) and what it shows. */
export interface DemoPhoto {
  file: string;
  width: number;
  height: number;
  /** Pre-labelled objects: label, box and attribute values. */
  objects: { label: string; box: Box; attributes?: Record<string, unknown> }[];
}

/** The photographs, pre-labelled by hand (boxes read off the pictures). */
export const DEMO_PHOTOS: DemoPhoto[] = [
  {
    file: 'astronaut.jpg',
    width: 512,
    height: 512,
    objects: [
      { label: 'person', box: [18, 14, 368, 512], attributes: { activity: 'standing', visibility: 90 } },
      { label: 'object', box: [352, 0, 472, 288], attributes: { comment: 'space shuttle model' } },
    ],
  },
  {
    file: 'chelsea.jpg',
    width: 451,
    height: 300,
    objects: [{ label: 'animal', box: [0, 0, 400, 300], attributes: { occlusion: ['truncated'], visibility: 80 } }],
  },
  {
    file: 'coffee.jpg',
    width: 600,
    height: 400,
    objects: [
      { label: 'object', box: [172, 18, 410, 306], attributes: { comment: 'cup' } },
      { label: 'object', box: [325, 66, 424, 326], attributes: { comment: 'spoon', occlusion: ['partly'] } },
    ],
  },
  { file: 'rocket.jpg', width: 640, height: 427, objects: [] },
];

/** The JPEG bytes of a photo. */
export function photoBytes(file: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(`./photos/${file}`, import.meta.url)));
}
