export { formatDate, formatMoney, formatNumber, formatTerm, formatTime, pluralCategory } from '../../src-shared/format';
export { formatDateAnswer } from './date';
