import { useTranslation } from 'react-i18next';

/** "(мисал)" after a figure no public source gave. */
export function ExampleMark({ example }: { example: boolean }) {
  const { t } = useTranslation();
  if (!example) return null;
  return <span className="example-mark"> {t('catalog.example')}</span>;
}
