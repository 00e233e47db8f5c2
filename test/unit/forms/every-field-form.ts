import { Catalog } from '../../../src-shared/catalog/schema';
import { FormDefinition } from '../../../src-shared/forms/schema';
import { fixtureCatalog } from '../../support/catalog-fixture';

const l = (text: string) => ({ ky: `${text} (ky)`, ru: `${text} (ru)` });
const options = (...values: string[]) => values.map((value) => ({ value, label: l(value) }));

/** A realistic form that uses every field type, conditions on a field and a page, and both kinds of cross-field rule. */
export const everyFieldForm = FormDefinition.parse({
  id: 'every-field',
  version: 1,
  title: l('Every field'),
  rules: [
    { rule: 'pinMatchesBirthDate', pin: 'pin', date: 'birthDate' },
    { rule: 'pinMatchesBirthDate', pin: 'children.pin', date: 'children.birthDate' },
  ],
  pages: [
    {
      id: 'applicant',
      title: l('Applicant'),
      fields: [
        { id: 'surname', type: 'text', label: l('Surname'), maxLength: 20 },
        { id: 'code', type: 'text', label: l('Code'), optional: true, pattern: '[A-Z]{2}\\d{2}', patternMessage: l('two capitals, two digits') },
        { id: 'birthDate', type: 'date', label: l('Birth date'), notFuture: true, minAgeYears: 18 },
        { id: 'pin', type: 'pin', label: l('PIN') },
        { id: 'passport', type: 'document', label: l('Passport') },
      ],
    },
    {
      id: 'contacts',
      title: l('Contacts'),
      fields: [
        { id: 'phone', type: 'phone', label: l('Phone') },
        { id: 'email', type: 'email', label: l('E-mail'), optional: true },
        { id: 'home', type: 'address', label: l('Address') },
      ],
    },
    {
      id: 'about',
      title: l('About'),
      fields: [
        { id: 'rooms', type: 'number', label: l('Rooms'), min: 1, max: 12 },
        { id: 'purpose', type: 'choice', label: l('Purpose'), options: options('work', 'study', 'other') },
        { id: 'purposeOther', type: 'longtext', label: l('Other purpose'), maxLength: 50, showIf: { field: 'purpose', equals: ['other'] } },
        { id: 'office', type: 'choice', display: 'select', label: l('Office'), options: options('bishkek1', 'bishkek2', 'osh1') },
        { id: 'languages', type: 'multichoice', label: l('Languages'), minItems: 1, maxItems: 2, options: options('ky', 'ru', 'en') },
      ],
    },
    {
      id: 'family',
      title: l('Family'),
      fields: [{ id: 'hasChildren', type: 'yesno', label: l('Children register too') }],
    },
    {
      id: 'children',
      title: l('Children'),
      showIf: { field: 'hasChildren', equals: ['yes'] },
      fields: [
        {
          id: 'children',
          type: 'person',
          label: l('Children'),
          minItems: 1,
          maxItems: 3,
          fields: [
            { id: 'name', type: 'text', label: l('Name'), maxLength: 30 },
            { id: 'birthDate', type: 'date', label: l('Birth date'), notFuture: true },
            { id: 'pin', type: 'pin', label: l('PIN') },
            { id: 'school', type: 'choice', label: l('School'), optional: true, options: options('yes', 'no') },
          ],
        },
      ],
    },
  ],
});

export const everyFieldCatalog: Catalog = Catalog.parse({
  ...fixtureCatalog,
  version: 'every-field-1',
  services: [{ ...fixtureCatalog.services[0], id: 'every-field', formId: 'every-field' }],
  forms: [everyFieldForm],
});

export const SERVICE_ID = 'every-field';
export const VARIANT_ID = 'normal';
