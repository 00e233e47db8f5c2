import { useTranslation } from 'react-i18next';
import type { Condition, FieldDefinition, FormDefinition, PersonFieldDefinition } from '../../src-shared/forms/schema';
import { useLanguage } from '../i18n';
import { conditionParts } from './conditions';

/** One box per character, in groups (a ПИН is 14, a date 2 + 2 + 4). */
function Cells({ groups, prefix, caption }: { groups: number[]; prefix?: string; caption?: string }) {
  return (
    <div className="blank-cells-wrap">
      <div className="blank-cells" aria-hidden="true">
        {prefix && <span className="blank-cells__prefix">{prefix}</span>}
        {groups.map((count, group) => (
          <span key={group} className="blank-cells__group">
            {Array.from({ length: count }, (_, cell) => (
              <span key={cell} className="blank-cell" />
            ))}
          </span>
        ))}
      </div>
      {caption && <p className="blank-caption">{caption}</p>}
    </div>
  );
}

function Box({ lines = 1 }: { lines?: 1 | 3 | 4 }) {
  return <div className={`blank-box blank-box--${lines}`} aria-hidden="true" />;
}

function Options({ labels, inline = false }: { labels: string[]; inline?: boolean }) {
  return (
    <ul className={`blank-options${inline ? ' blank-options--inline' : ''}`}>
      {labels.map((label) => (
        <li key={label} className="blank-options__item">
          <span className="blank-check" aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

export function ConditionNote({ form, condition }: { form: FormDefinition; condition: Condition }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { question, answers } = conditionParts(form, condition, language, { yes: t('sampleForm.yes'), no: t('sampleForm.no') });
  const quote = (text: string) => `«${text}»`;
  return (
    <p className="blank-condition">
      {t('sampleForm.fillInIf', { question: quote(question), answers: answers.map(quote).join(` ${t('sampleForm.or')} `) })}
    </p>
  );
}

function AnswerArea({ field }: { field: FieldDefinition | PersonFieldDefinition }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  switch (field.type) {
    case 'pin':
      return <Cells groups={[14]} />;
    case 'document':
      return <Cells groups={[2, 7]} />;
    case 'phone':
      return <Cells groups={[3, 3, 3]} prefix="+996" />;
    case 'date':
      return <Cells groups={[2, 2, 4]} caption={t('sampleForm.datePattern')} />;
    case 'choice':
    case 'multichoice':
      return <Options labels={(field.options ?? []).map((option) => pick(option.label))} />;
    case 'yesno':
      return <Options labels={[t('sampleForm.yes'), t('sampleForm.no')]} inline />;
    case 'longtext':
      return <Box lines={4} />;
    case 'address':
      return <Box lines={3} />;
    case 'person':
      return (
        <div className="blank-person">
          {(field as FieldDefinition).fields?.map((sub) => <BlankField key={sub.id} field={sub} />)}
        </div>
      );
    case 'number':
    case 'text':
    case 'email':
    case 'file':
      return <Box />;
  }
}

export function BlankField({ field, form }: { field: FieldDefinition | PersonFieldDefinition; form?: FormDefinition }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const condition = 'showIf' in field ? field.showIf : undefined;
  return (
    <div className="blank-field" data-testid={`sample-field-${field.id}`}>
      <p className="blank-field__label">
        {pick(field.label)}
        {field.optional && <span className="optional"> {t('sampleForm.optional')}</span>}
      </p>
      {field.hint && <p className="blank-field__hint">{pick(field.hint)}</p>}
      {form && condition && <ConditionNote form={form} condition={condition} />}
      <AnswerArea field={field} />
    </div>
  );
}
