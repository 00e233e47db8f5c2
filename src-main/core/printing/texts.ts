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

/**
 * The words of the 80 mm printouts: the application receipt and the slip
 * with a resume code. Names of services, documents and the operator come
 * from the catalog; everything else is here, in both languages.
 */
export interface RollTexts {
  receiptTitle: string;
  applicationNumber: string;
  localNumber: string;
  /** Under the kiosk's own number, while the central service has not given one. */
  registrationNumberLater: string;
  lookupCode: string;
  service: string;
  submittedAt: string;
  dateTime: (date: string, time: string) => string;
  price: string;
  term: string;
  /** After a figure no public source gave. */
  example: string;
  exampleNote: string;
  documentsToBring: string;
  statusTitle: string;
  /** Names the home-screen button the renderer shows for "check status". */
  statusHow: string;
  phone: (phone: string) => string;
  email: (email: string) => string;
  hours: (hours: string) => string;
  slipTitle: string;
  resumeCode: string;
  validUntil: (date: string) => string;
  /** Names the home-screen button the renderer shows for "continue an application". */
  slipHow: string;
  slipKeepSafe: string;
}

export const ROLL_TEXTS: Record<Language, RollTexts> = {
  ky: {
    receiptTitle: 'Арыздын дүмүрчөгү',
    applicationNumber: 'Арыздын номери',
    localNumber: 'Терминалдын ички номери',
    registrationNumberLater: 'Каттоо номери кызмат арызды алганда берилет. Аны текшерүү коду менен биле аласыз.',
    lookupCode: 'Текшерүү коду',
    service: 'Кызмат',
    submittedAt: 'Берилген убакыт',
    dateTime: (date, time) => `${date}, саат ${time}`,
    price: 'Баасы',
    term: 'Мөөнөтү',
    example: '(мисал)',
    exampleNote: '«Мисал» деп белгиленген сандар болжолдуу. Так баасын жана мөөнөтүн кызматкерден сураңыз.',
    documentsToBring: 'Өзүңүз менен алып келиңиз',
    statusTitle: 'Арыздын абалын кантип билүүгө болот',
    statusHow: `Каалаган терминалдын башкы экранында ${quote('Арыздын абалын текшерүү')} баскычын басып, текшерүү кодун териңиз.`,
    phone: (phone) => `Телефон: ${phone}`,
    email: (email) => `Эл. почта: ${email}`,
    hours: (hours) => `Иш убактысы: ${hours}`,
    slipTitle: 'Арызды кийинчерээк улантуу',
    resumeCode: 'Улантуу коду',
    validUntil: (date) => `Код ${date} чейин жарактуу`,
    slipHow: `Ушул терминалдын башкы экранында ${quote('Арызды улантуу')} баскычын басып, кодду териңиз.`,
    slipKeepSafe: 'Бул талон колунда болгон ар бир адам арызыңызды ача алат. Аны сактап, эч кимге бербеңиз.',
  },
  ru: {
    receiptTitle: 'Квитанция о приёме заявления',
    applicationNumber: 'Номер заявления',
    localNumber: 'Местный номер терминала',
    registrationNumberLater: 'Регистрационный номер будет присвоен, когда служба получит заявление. Его можно узнать по коду проверки.',
    lookupCode: 'Код проверки',
    service: 'Услуга',
    submittedAt: 'Время подачи',
    dateTime: (date, time) => `${date} в ${time}`,
    price: 'Стоимость',
    term: 'Срок',
    example: '(пример)',
    exampleNote: 'Цифры с пометкой «пример» приблизительные. Точную стоимость и срок уточните у сотрудника.',
    documentsToBring: 'Возьмите с собой',
    statusTitle: 'Как узнать статус заявления',
    statusHow: `На главном экране любого терминала нажмите ${quote('Проверить статус заявления')} и введите код проверки.`,
    phone: (phone) => `Телефон: ${phone}`,
    email: (email) => `Эл. почта: ${email}`,
    hours: (hours) => `Часы работы: ${hours}`,
    slipTitle: 'Продолжить заявление позже',
    resumeCode: 'Код для продолжения',
    validUntil: (date) => `Код действителен до ${date}`,
    slipHow: `На главном экране этого терминала нажмите ${quote('Продолжить заявление')} и введите код.`,
    slipKeepSafe: 'Любой, у кого окажется этот талон, может открыть ваше заявление. Храните его и никому не передавайте.',
  },
};
