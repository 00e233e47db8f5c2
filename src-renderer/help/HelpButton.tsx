import { useTranslation } from 'react-i18next';
import { useHelp } from '../stores/help';

/** The header's help button's id: focus goes back there when the dialog closes. */
export const HELP_BUTTON_ID = 'help-button';

export function HelpButton() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      id={HELP_BUTTON_ID}
      className="header-button header-button--help"
      aria-haspopup="dialog"
      data-testid="help"
      onClick={() => useHelp.getState().show()}
    >
      <span className="header-button__icon" aria-hidden="true">
        ?
      </span>
      {t('help.button')}
    </button>
  );
}
