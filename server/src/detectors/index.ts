/** Every per-file detector, in the order their findings are listed. */
import type { FileDetector } from './fileDetector';
import { detectLongFile } from './longFile';

export const FILE_DETECTORS: readonly FileDetector[] = [detectLongFile];
