import { useTranslation } from 'react-i18next';
import { TEXT_SIZES, useDisplay } from '../stores/display';

/** "А" drawn at the size each step gives; the button's name says it in words. */
const GLYPH_CLASS = { normal: 'text-size__glyph', large: 'text-size__glyph text-size__glyph--large', largest: 'text-size__glyph text-size__glyph--largest' };

/** Larger text (two steps) and high contrast, in the header of every screen, for this session. */
export function DisplayControls() {
  const { t } = useTranslation();
  const textSize = useDisplay((s) => s.textSize);
  const highContrast = useDisplay((s) => s.highContrast);
  return (
    <div className="display-controls">
      <div className="text-size" role="group" aria-label={t('display.textSizeGroup')}>
        {TEXT_SIZES.map((size) => (
          <button
            key={size}
            type="button"
            className="header-button header-button--compact"
            aria-pressed={textSize === size}
            data-testid={`text-${size}`}
            onClick={() => useDisplay.getState().setTextSize(size)}
          >
            <span className={GLYPH_CLASS[size]} aria-hidden="true">
              {t('display.glyph')}
            </span>
            <span className="visually-hidden">{t(`display.textSize.${size}`)}</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        className="header-button header-button--contrast"
        aria-pressed={highContrast}
        data-testid="high-contrast"
        onClick={() => useDisplay.getState().setHighContrast(!highContrast)}
      >
        <span className="header-button__icon" aria-hidden="true">
          ◐
        </span>
        {t('display.highContrast')}
      </button>
    </div>
  );
}
