export declare const BITS: number;
export interface FrameCodeLayout {
  block: number;
  pad: number;
  x0: number;
  y0: number;
  digitW: number;
  digitH: number;
  digitsY: number;
  panelW: number;
  panelH: number;
}
export declare function frameCodeLayout(height: number): FrameCodeLayout;
export declare function readFrameCode(luma: (x: number, y: number) => number, height: number): number;
