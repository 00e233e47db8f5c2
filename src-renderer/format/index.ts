export { formatMoney } from './money';
export { formatDate, formatTime, formatDateAnswer } from './date';
export { formatTerm } from './term';
export { formatNumber } from './number';
export { pluralCategory } from './plural';
