export interface SceneObject {
  label: string;
  w: number;
  h: number;
  x0: number;
  y0: number;
  vx: number;
  vy: number;
  color: [number, number, number];
}
export interface Scene {
  name: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  objects: SceneObject[];
}
export declare const SCENES: Record<'test' | 'demo', Scene>;
export declare function benchScene(): Scene;
export declare function objectBox(
  o: SceneObject,
  frame: number,
): { left: number; top: number; right: number; bottom: number };
