// Converts decoded video frames (YUV VideoFrames) to RGBA ImageBitmaps at the size they are shown,
// off the main thread: drawing a 1080p VideoFrame onto a canvas converts and scales it on the
// calling thread (tens of ms without a GPU), drawing a bitmap of the shown size is a copy.

/** A request: `frame` (transferred, closed here) to a bitmap of `width` × `height`. */
export interface FrameConvertRequest {
  id: number;
  frame: VideoFrame;
  width: number;
  height: number;
}

/** The answer: the bitmap (transferred) or why not. */
export type FrameConvertResponse = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FrameConvertRequest>) => void) | null;
  postMessage(message: FrameConvertResponse, transfer?: Transferable[]): void;
};

scope.onmessage = async (e) => {
  const { id, frame, width, height } = e.data;
  try {
    const bitmap = await createImageBitmap(frame, { resizeWidth: width, resizeHeight: height, resizeQuality: 'low' });
    scope.postMessage({ id, bitmap }, [bitmap]);
  } catch (err) {
    scope.postMessage({ id, error: String(err) });
  } finally {
    frame.close();
  }
};
