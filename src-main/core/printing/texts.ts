import type { Language } from '../../../src-shared/language';

/**
 * The words printed on a form around what the catalog gives (its labels come
 * from the form definition). Both languages, side by side, so a missing
 * translation fails to compile.
 */
export interface PrintedTexts {
  application: string;
  sample: string;
  instructions: string;
  optional: string;
  yes: string;
  no: string;
  /** Digit positions of a date, as forms print them under the boxes. */
  datePattern: string;
  signature: string;
  date: string;
  /** "Fill in if …": the condition's question and the answers that ask for this field. */
  fillInIf: (question: string, answers: string[]) => string;
  pageNumber: (page: number, total: number) => string;
}

const quote = (text: string) => `«${text}»`;

export const PRINTED_TEXTS: Record<Language, PrintedTexts> = {
  ky: {
    application: 'Арыз',
    sample: 'Толтуруу үлгүсү',
    instructions: 'Ачык, басма тамгалар менен, кара же көк калем менен толтуруңуз. Ар бир торчого бир белги.',
    optional: '(милдеттүү эмес)',
    yes: 'Ооба',
    no: 'Жок',
    datePattern: 'ДД.ММ.ЖЖЖЖ',
    signature: 'Кол тамгасы',
    date: 'Датасы',
    fillInIf: (question, answers) =>
      `${quote(question)} суроосуна ${answers.map(quote).join(' же ')} деп жооп берсеңиз гана толтуруңуз.`,
    pageNumber: (page, total) => `${page} / ${total}`,
  },
  ru: {
    application: 'Заявление',
    sample: 'Образец для заполнения',
    instructions: 'Заполняйте разборчиво, печатными буквами, чёрной или синей ручкой. Один знак в каждой клетке.',
    optional: '(необязательно)',
    yes: 'Да',
    no: 'Нет',
    datePattern: 'ДД.ММ.ГГГГ',
    signature: 'Подпись',
    date: 'Дата',
    fillInIf: (question, answers) =>
      `Заполните, только если на вопрос ${quote(question)} вы ответили ${answers.map(quote).join(' или ')}.`,
    pageNumber: (page, total) => `${page} / ${total}`,
  },
};
