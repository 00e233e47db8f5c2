import { TEXT_SIZES, type TextSize } from '../stores/display';

/** The root font size each step sets; every size in the style sheets is in rem, so the whole layout follows. */
export const TEXT_SCALE: Record<TextSize, number> = { normal: 1, large: 1.25, largest: 1.5 };

/** The classes <html> carries for a display choice; the style sheets read them. */
export function displayClasses(textSize: TextSize, highContrast: boolean): string[] {
  const classes = textSize === 'normal' ? [] : [`text-${textSize}`];
  if (highContrast) classes.push('high-contrast');
  return classes;
}

/** Every class displayClasses may give, to take off before the new ones go on. */
export const ALL_DISPLAY_CLASSES = [...TEXT_SIZES.map((size) => `text-${size}`), 'high-contrast'];
