import { create } from 'zustand';

/** Normal text and two larger steps (100 %, 125 %, 150 %). */
export const TEXT_SIZES = ['normal', 'large', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/**
 * How the citizen asked to see the screen: larger text and high contrast.
 * Kept for the session only: exit and the idle timeout reset them, so the
 * next person finds the kiosk as it normally looks.
 */
interface DisplayState {
  textSize: TextSize;
  highContrast: boolean;
  setTextSize(size: TextSize): void;
  setHighContrast(on: boolean): void;
  reset(): void;
}

export const useDisplay = create<DisplayState>()((set) => ({
  textSize: 'normal',
  highContrast: false,
  setTextSize: (textSize) => set({ textSize }),
  setHighContrast: (highContrast) => set({ highContrast }),
  reset: () => set({ textSize: 'normal', highContrast: false }),
}));
