/**
 * A printout is laid out in blocks: each knows its height before it is
 * drawn, so a page break (A4) or the length of the sheet (a roll) is decided
 * from measurements, never by drawing and looking.
 */
export interface Block {
  height: number;
  draw(y: number): void;
}

export const NOTHING: Block = { height: 0, draw() {} };

export function space(height: number): Block {
  return { height, draw() {} };
}

/** Blocks one under another, `gap` between those that have a height. */
export function stack(blocks: Block[], gap = 0): Block {
  const visible = blocks.filter((block) => block.height > 0);
  return {
    height: visible.reduce((sum, block) => sum + block.height, 0) + gap * Math.max(0, visible.length - 1),
    draw(y) {
      let at = y;
      for (const block of visible) {
        block.draw(at);
        at += block.height + gap;
      }
    },
  };
}
