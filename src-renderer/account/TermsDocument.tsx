import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TermsVersion } from '../../src-shared/accounts/wire';
import { formatDate } from '../format';
import { useLanguage } from '../i18n';
import { parseTermsText, type TermsBlock } from './terms-text';

const NUMBER_WITH_ENDING = /(\d+-\p{L}+)/u;

/** "2015-жылдын", "23-октябрындагы": a number and its Kyrgyz ending stay on one line. */
function Words({ text }: { text: string }) {
  const parts = text.split(NUMBER_WITH_ENDING);
  if (parts.length === 1) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="nowrap">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Block({ block }: { block: TermsBlock }) {
  switch (block.kind) {
    case 'title':
      return (
        <p className="terms__doc-title">
          <Words text={block.text} />
        </p>
      );
    case 'heading':
      return block.level === 1 ? (
        <h3 className="terms__heading">{block.number ? `${block.number}. ${block.text}` : block.text}</h3>
      ) : (
        <h4 className="terms__subheading">{block.number ? `${block.number}. ${block.text}` : block.text}</h4>
      );
    case 'clause':
      return (
        <p className="terms__clause">
          <span className="terms__number">{block.number}.</span> <Words text={block.text} />
        </p>
      );
    case 'item':
      return (
        <p className={`terms__item terms__item--depth-${block.depth}`}>
          <Words text={block.text} />
        </p>
      );
    case 'paragraph':
      return (
        <p className="terms__paragraph">
          <Words text={block.text} />
        </p>
      );
  }
}

function Document({ id, title, text }: { id: string; title: string; text: string }) {
  // The text's own first line repeats the heading above it more often than not: said once is enough.
  const blocks = useMemo(
    () => parseTermsText(text).filter((block) => !(block.kind === 'title' && block.text.toLowerCase() === title.toLowerCase())),
    [text, title],
  );
  return (
    <section className="terms__document" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="terms__title" tabIndex={-1}>
        {title}
      </h2>
      {blocks.map((block, index) => (
        <Block key={index} block={block} />
      ))}
    </section>
  );
}

/**
 * The agreement and the privacy policy in full, in the language of the
 * screen, as part of the page (one scroll, large text, headings kept), with
 * two buttons at the top to go straight to either.
 */
export function TermsDocument({ terms }: { terms: TermsVersion }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const jump = (id: string) => {
    const heading = document.getElementById(`${id}-title`);
    heading?.focus({ preventScroll: true });
    heading?.scrollIntoView({ block: 'start' });
  };
  return (
    <div className="terms" lang={language} data-testid="terms-text" data-version={terms.version}>
      <p className="terms__edition" data-testid="terms-edition">
        {t('account.terms.edition', { version: terms.version, date: formatDate(terms.effectiveAt) })}
      </p>
      <nav className="terms__contents" aria-label={t('account.terms.contents')}>
        <button type="button" className="button button--secondary button--small" onClick={() => jump('terms-agreement')}>
          {t('account.terms.agreementTitle')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => jump('terms-privacy')}>
          {t('account.terms.privacyTitle')}
        </button>
      </nav>
      <Document id="terms-agreement" title={t('account.terms.agreementTitle')} text={pick(terms.agreement)} />
      <Document id="terms-privacy" title={t('account.terms.privacyTitle')} text={pick(terms.privacy)} />
    </div>
  );
}
