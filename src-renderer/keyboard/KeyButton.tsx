import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { typedCharacter, type Key, type ScreenLanguage, type ShiftState } from './layouts';

export interface KeyActions {
  type(char: string): void;
  space(): void;
  backspace(): void;
  shift(): void;
  done(): void;
  switchLayout(): void;
}

/** Symbols, not words: the key's name for a screen reader comes from the messages. */
const SHIFT_SYMBOL: Record<ShiftState, string> = { off: '⇧', once: '⇧', caps: '⇪' };
const BACKSPACE_SYMBOL = '⌫';
const REPEAT_DELAY_MS = 450;
const REPEAT_EVERY_MS = 80;

/**
 * Backspace deletes as the finger lands and keeps deleting while it is held;
 * the click after the lift is then not counted again. A key pressed from a
 * physical keyboard or a switch (a click with no pointer) deletes once.
 */
function BackspaceKey({ onDelete }: { onDelete: () => void }) {
  const { t } = useTranslation();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const deletedByPointer = useRef(false);
  const stop = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
  };
  useEffect(() => stop, []);
  const repeat = (delay: number) => {
    timer.current = setTimeout(() => {
      onDelete();
      repeat(REPEAT_EVERY_MS);
    }, delay);
  };
  return (
    <button
      type="button"
      className="osk__key osk__key--action osk__key--backspace"
      data-testid="osk-backspace"
      aria-label={t('keyboard.backspace')}
      onPointerDown={() => {
        deletedByPointer.current = true;
        onDelete();
        stop();
        repeat(REPEAT_DELAY_MS);
      }}
      onPointerUp={stop}
      onPointerLeave={stop}
      onPointerCancel={stop}
      onClick={() => {
        if (!deletedByPointer.current) onDelete();
        deletedByPointer.current = false;
      }}
    >
      <span aria-hidden="true">{BACKSPACE_SYMBOL}</span>
    </button>
  );
}

export function KeyButton({ keyDef, shift, language, actions }: { keyDef: Key; shift: ShiftState; language: ScreenLanguage; actions: KeyActions }) {
  const { t } = useTranslation();
  switch (keyDef.kind) {
    case 'char':
      return (
        <button
          type="button"
          className={`osk__key${keyDef.national ? ' osk__key--national' : ''}`}
          data-testid={`osk-key-${keyDef.char}`}
          onClick={() => actions.type(keyDef.char)}
        >
          {typedCharacter(keyDef.char, shift, language)}
        </button>
      );
    case 'shift':
      return (
        <button
          type="button"
          className="osk__key osk__key--action osk__key--shift"
          data-testid="osk-shift"
          data-state={shift}
          aria-pressed={shift !== 'off'}
          aria-label={t(shift === 'caps' ? 'keyboard.capsLock' : 'keyboard.shift')}
          onClick={actions.shift}
        >
          <span aria-hidden="true">{SHIFT_SYMBOL[shift]}</span>
        </button>
      );
    case 'backspace':
      return <BackspaceKey onDelete={actions.backspace} />;
    case 'space':
      return (
        <button type="button" className="osk__key osk__key--space" data-testid="osk-space" onClick={actions.space}>
          {t('keyboard.space')}
        </button>
      );
    case 'done':
      return (
        <button type="button" className="osk__key osk__key--action osk__key--done" data-testid="osk-done" onClick={actions.done}>
          {t('keyboard.done')}
        </button>
      );
    case 'layout':
      return (
        <button
          type="button"
          className="osk__key osk__key--action osk__key--layout"
          data-testid={`osk-layout-${keyDef.to}`}
          onClick={actions.switchLayout}
        >
          {/* The name a screen reader says starts with the caption shown, so "ABC" spoken by a voice user finds the key. */}
          {t(keyDef.to === 'latin' ? 'keyboard.latinCaption' : 'keyboard.cyrillicCaption')}
          <span className="visually-hidden"> {t(keyDef.to === 'latin' ? 'keyboard.toLatin' : 'keyboard.toCyrillic')}</span>
        </button>
      );
    case 'gap':
      return <span className="osk__gap" aria-hidden="true" />;
  }
}
