import { useTranslation } from 'react-i18next';

export function BackLink({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="back-link" data-testid="back" onClick={onBack}>
      <span aria-hidden="true" className="back-link__arrow">
        ‹
      </span>
      <span className="back-link__text">{t('form.back')}</span>
    </button>
  );
}
