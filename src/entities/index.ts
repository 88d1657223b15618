// The Dataloop entity model: pure TypeScript, no DOM, no network, no OpenCV.
export { DlError, DlParseError } from './errors.js';
export { roundHalfEven } from './rounding.js';
