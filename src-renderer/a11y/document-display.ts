import { useDisplay, type TextSize } from '../stores/display';
import { ALL_DISPLAY_CLASSES, TEXT_SCALE, displayClasses } from './display-classes';

function apply(root: HTMLElement, textSize: TextSize, highContrast: boolean): void {
  root.classList.remove(...ALL_DISPLAY_CLASSES);
  root.classList.add(...displayClasses(textSize, highContrast));
  root.style.setProperty('--text-scale', String(TEXT_SCALE[textSize]));
}

/** Keeps <html> in step with the display store from startup on; a reset (exit, idle) puts it back to normal. */
export function followDisplayChoices(root: HTMLElement = document.documentElement): () => void {
  const { textSize, highContrast } = useDisplay.getState();
  apply(root, textSize, highContrast);
  return useDisplay.subscribe((state) => apply(root, state.textSize, state.highContrast));
}
