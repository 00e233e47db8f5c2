import { TEXT_SIZES, useDisplay, type TextSize } from '../stores/display';

/** The root font size each step sets; every size in the style sheets is in rem, so the whole layout follows. */
export const TEXT_SCALE: Record<TextSize, number> = { normal: 1, large: 1.25, largest: 1.5 };

/** The classes <html> carries for a display choice; the style sheets read them. */
export function displayClasses(textSize: TextSize, highContrast: boolean): string[] {
  const classes = textSize === 'normal' ? [] : [`text-${textSize}`];
  if (highContrast) classes.push('high-contrast');
  return classes;
}

const ALL_CLASSES = [...TEXT_SIZES.map((size) => `text-${size}`), 'high-contrast'];

function apply(root: HTMLElement, textSize: TextSize, highContrast: boolean): void {
  root.classList.remove(...ALL_CLASSES);
  root.classList.add(...displayClasses(textSize, highContrast));
  root.style.setProperty('--text-scale', String(TEXT_SCALE[textSize]));
}

/** Keeps <html> in step with the display store from startup on; a reset (exit, idle) puts it back to normal. */
export function followDisplayChoices(root: HTMLElement = document.documentElement): () => void {
  const { textSize, highContrast } = useDisplay.getState();
  apply(root, textSize, highContrast);
  return useDisplay.subscribe((state) => apply(root, state.textSize, state.highContrast));
}
