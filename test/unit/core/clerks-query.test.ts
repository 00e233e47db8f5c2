import { describe, expect, it } from 'vitest';
import { answersCarryPin, classifyClerkQuery } from '../../../src-main/core/clerks/clerk-find';
import { maskDocumentNumber } from '../../../src-main/core/clerks/identity-confirmations';
import { FormDefinition } from '../../../src-shared/forms/schema';

const both = (text: string) => ({ ky: text, ru: text });
const today = new Date('2026-11-24T12:00:00Z');

/** A form asking the applicant's ПИН on its own and each child's in a person group. */
const form = FormDefinition.parse({
  id: 'family',
  version: 1,
  title: both('Family'),
  pages: [
    {
      id: 'applicant',
      title: both('Applicant'),
      fields: [
        { id: 'name', type: 'text', label: both('Name') },
        { id: 'applicantPin', type: 'pin', label: both('PIN') },
        {
          id: 'children',
          type: 'person',
          label: both('Children'),
          fields: [
            { id: 'childName', type: 'text', label: both('Name') },
            { id: 'childPin', type: 'pin', label: both('PIN') },
          ],
        },
      ],
    },
  ],
});

describe('what a clerk typed', () => {
  it('reads 14 digits as a ПИН, spaces forgiven', () => {
    expect(classifyClerkQuery('1 2505 1990 12345', today)).toEqual({ kind: 'pin', value: '12505199012345' });
  });

  it('reads resume and lookup codes by their length, Cyrillic look-alikes and dashes forgiven', () => {
    expect(classifyClerkQuery('асеf-ghjk', today)).toEqual({ kind: 'resumeCode', value: 'ACEFGHJK' });
    expect(classifyClerkQuery('ACDE-FGHJ-KMNP', today)).toEqual({ kind: 'lookupCode', value: 'ACDEFGHJKMNP' });
  });

  it('refuses what is none of them, and 14 digits that cannot be a ПИН', () => {
    for (const query of ['ACDE', 'ACDE-FGHJ-K', '0000', '32505199012345', '12513199012345']) {
      expect(() => classifyClerkQuery(query, today), query).toThrow(expect.objectContaining({ code: 'clerk.queryInvalid' }));
    }
  });
});

describe('a ПИН in the answers', () => {
  it('is found in a ПИН field, alone or in a person of a group, and nowhere else', () => {
    const pin = '12505199012345';
    expect(answersCarryPin(form, { applicantPin: pin }, pin)).toBe(true);
    expect(answersCarryPin(form, { children: [{ childName: 'Айбек', childPin: pin }] }, pin)).toBe(true);
    // The same digits typed in a text field are not a ПИН of the form.
    expect(answersCarryPin(form, { name: pin, children: [{ childName: pin, childPin: '' }] }, pin)).toBe(false);
  });
});

describe('a document number shown afterwards', () => {
  it('keeps the first two and last two characters', () => {
    expect(maskDocumentNumber('ID1234567')).toBe('ID•••••67');
  });
});
