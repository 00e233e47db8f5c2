/** The longest side of a thumbnail, in pixels; drawn by the same decode that checks the image (inspect.ts). */
export const THUMBNAIL_SIZE = 160;
