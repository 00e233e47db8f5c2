import { useEffect, useLayoutEffect, useRef, useState, type RefObject, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { layoutFor, shiftFor, switchedLayout } from './choose-layout';
import { deleteInField, describeField, typeIntoField, type TypingField } from './field-dom';
import { watchTypingFocus } from './focus-tracking';
import { KeyButton, type KeyActions } from './KeyButton';
import { LAYOUTS, nextShift, shiftAfterTyping, typedCharacter, type LayoutId, type ShiftState } from './layouts';
import { revealAboveKeyboard } from './reveal';

const OPEN_CLASS = 'osk-open';
const HEIGHT_VARIABLE = '--osk-height';

/**
 * The page makes room for the keyboard (bottom padding, the action bar
 * lifted above it) and keeps the field in view as the keyboard's height or
 * the window changes.
 */
function useRoomFor(panel: RefObject<HTMLDivElement | null>, field: TypingField) {
  useLayoutEffect(() => {
    const element = panel.current;
    if (!element) return;
    const root = document.documentElement;
    const fit = () => {
      root.style.setProperty(HEIGHT_VARIABLE, `${Math.ceil(element.getBoundingClientRect().height)}px`);
      revealAboveKeyboard(field, element.getBoundingClientRect().height);
    };
    document.body.classList.add(OPEN_CLASS);
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    window.addEventListener('resize', fit);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
      document.body.classList.remove(OPEN_CLASS);
      root.style.removeProperty(HEIGHT_VARIABLE);
    };
  }, [panel, field]);
}

/** A tap on a key must leave the focus (and the caret) in the field. */
function keepFocus(event: SyntheticEvent) {
  event.preventDefault();
}

function KeyboardPanel({ field, panel }: { field: TypingField; panel: RefObject<HTMLDivElement | null> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [switched, setSwitched] = useState<LayoutId | null>(null);
  const [shift, setShift] = useState<ShiftState>(() => shiftFor(describeField(field)));
  const fieldLayout = layoutFor(describeField(field), language);
  // After a Latin/Cyrillic switch, Cyrillic follows the screen language if it changes.
  const layoutId: LayoutId = switched === null ? fieldLayout : switched === 'latin' ? 'latin' : language;
  const layout = LAYOUTS[layoutId];
  useRoomFor(panel, field);

  const type = (char: string) => {
    if (!field.isConnected) return;
    typeIntoField(field, typedCharacter(char, shift, language));
    setShift(shiftAfterTyping(shift, char));
  };
  const actions: KeyActions = {
    type,
    space: () => type(' '),
    backspace: () => {
      if (field.isConnected) deleteInField(field);
    },
    shift: () => setShift(nextShift(shift)),
    done: () => field.blur(),
    switchLayout: () => setSwitched(switchedLayout(layoutId, language)),
  };

  return (
    <div
      ref={panel}
      className={`osk osk--${layout.shape}`}
      role="group"
      aria-label={t('keyboard.label')}
      data-testid="osk"
      data-layout={layoutId}
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
    >
      <div className="osk__rows">
        {layout.rows.map((row, rowIndex) => (
          <div key={rowIndex} className="osk__row">
            {row.map((key, keyIndex) => (
              <KeyButton key={keyIndex} keyDef={key} shift={shift} language={language} actions={actions} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The on-screen keyboard: docked at the bottom while a text field has focus, gone otherwise. Mounted once. */
export function OnScreenKeyboard() {
  const panel = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ field: TypingField; visit: number } | null>(null);

  useEffect(() => {
    let visit = 0;
    return watchTypingFocus(
      (node) => panel.current?.contains(node) ?? false,
      (field) => setFocus((current) => (current?.field === field ? current : field ? { field, visit: ++visit } : null)),
    );
  }, []);

  if (!focus) return null;
  return <KeyboardPanel key={focus.visit} field={focus.field} panel={panel} />;
}
