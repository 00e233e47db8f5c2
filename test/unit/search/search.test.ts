import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, findService, type Service } from '../../../src-shared/catalog/schema';
import { createCatalogIndex, MAX_QUERY_CHARS, type SearchResult } from '../../../src-shared/catalog/search';
import { cyrillicReadings } from '../../../src-shared/catalog/search-translit';
import { withinOneEdit } from '../../../src-shared/catalog/search-typo';
import { originalEnd, wordsOf } from '../../../src-shared/catalog/search-text';
import { LANGUAGES } from '../../../src-shared/language';

/** The bundled catalog, as a kiosk that has never been online searches it. */
const file = fileURLToPath(new URL('../../../assets/catalog/catalog.json', import.meta.url));
const catalog = Catalog.parse(JSON.parse(readFileSync(file, 'utf8')));
const index = createCatalogIndex(catalog);

function firstOf(query: string): string | undefined {
  return index.search(query)[0]?.serviceId;
}

function idsOf(results: SearchResult[]): string[] {
  return results.map((result) => result.serviceId);
}

/** What a <mark> would wrap: the highlighted pieces of the original texts. */
function marked(service: Service, result: SearchResult): string[] {
  return (['name', 'summary'] as const).flatMap((field) =>
    LANGUAGES.flatMap((language) => result.highlights[field][language].map(({ start, end }) => service[field][language].slice(start, end))),
  );
}

describe('catalog search: what comes first', () => {
  const table: Array<[query: string, first: string, why: string]> = [
    ['ID карта', 'id-card', 'Latin "ID" and a Cyrillic word'],
    ['ид-карта', 'id-card', '"ид" in Cyrillic finds the Latin "ID", the hyphen is a space'],
    ['ID-карта алуу', 'id-card', 'the Kyrgyz name as written'],
    ['паспорт', 'foreign-passport', '"паспорт" is in its names; the ID card has it as a synonym'],
    ['pasport', 'foreign-passport', 'Latin typing'],
    ['PASPORT', 'foreign-passport', 'Latin typing in capitals'],
    ['propiska', 'address-registration', 'Latin "propiska"'],
    ['zagranpasport', 'foreign-passport', 'Latin, a synonym'],
    ['никени каттоо', 'marriage-registration', 'the Kyrgyz name'],
    ['НИКЕНИ КАТТОО', 'marriage-registration', 'capitals'],
    ['нике', 'marriage-registration', 'a Kyrgyz synonym'],
    ['никe', 'marriage-registration', 'the last letter a Latin "e"'],
    ['ниек', 'marriage-registration', 'two letters swapped'],
    ['брак', 'marriage-registration', 'the Russian word'],
    ['свадьба', 'marriage-registration', 'a Russian synonym'],
    ['төрөлүү', 'birth-registration', 'Kyrgyz letters'],
    ['торолуу', 'birth-registration', 'Ө typed as О, Ү as У'],
    ['үй', 'id-card-delivery', 'a two-letter Kyrgyz word begins "үйгө" in a name'],
    ['уй', 'id-card-delivery', 'Ү typed as У'],
    ['прописка', 'address-registration', 'the everyday word'],
    ['каттоого туруу', 'address-registration', 'Kyrgyz words of the summary'],
    ['пасспорт', 'foreign-passport', 'one letter too many'],
    ['паспрот', 'foreign-passport', 'two letters swapped'],
    ['регистрацыя', 'address-registration', 'one wrong letter; "регистрация" in its name and its synonyms'],
    ['регистрацыя брака', 'marriage-registration', 'a typo and a word'],
    ['права', 'driving-licence', 'a synonym'],
    ['айдоочулук', 'driving-licence', 'the Kyrgyz name'],
    ['водит', 'driving-licence', 'a word still being typed'],
    ['справка', 'no-real-estate-certificate', 'a Russian synonym'],
    ['маалымкат', 'no-real-estate-certificate', 'the Kyrgyz word'],
    ['ПИН', 'pin-assignment', 'a short word, exactly'],
    ['smert', 'death-registration', 'Latin, Russian reading'],
    ['ölüm', 'death-registration', 'Turkic Latin letters'],
    ['Өлүмдү каттоо', 'death-registration', 'the Kyrgyz name'],
    ['смерти', 'death-registration', 'a Russian word form'],
    ['ёлка перемена имени', 'name-change', 'Ё folds to Е; a word found nowhere does not block the others'],
  ];

  it.each(table)('"%s" → %s (%s)', (query, first) => {
    expect(firstOf(query)).toBe(first);
  });

  it('ranks the name above a synonym, and keeps the rest in a stable order', () => {
    const results = idsOf(index.search('паспорт'));
    expect(results.slice(0, 2)).toEqual(['foreign-passport', 'id-card']);
    expect(idsOf(index.search('паспорт'))).toEqual(results);
  });

  it('breaks equal scores by catalog order', () => {
    const twins = createCatalogIndex({
      services: ['second', 'first', 'third'].map((id) => ({ ...findService(catalog, 'foreign-passport')!, id })),
    });
    expect(idsOf(twins.search('паспорт'))).toEqual(['second', 'first', 'third']);
  });

  it('ranks a whole word above a beginning, a beginning above a typo', () => {
    const [whole] = index.search('нике');
    const [prefix] = index.search('ник');
    const [typo] = index.search('никк');
    expect(whole?.serviceId).toBe('marriage-registration');
    expect(prefix?.serviceId).toBe('marriage-registration');
    expect(typo?.serviceId).toBe('marriage-registration');
    expect(whole!.score).toBeGreaterThan(prefix!.score);
    expect(prefix!.score).toBeGreaterThan(typo!.score);
  });

  it('finds the same services through Latin typing as through Cyrillic', () => {
    expect(idsOf(index.search('pasport'))).toEqual(idsOf(index.search('паспорт')));
    expect(idsOf(index.search('propiska'))).toEqual(idsOf(index.search('прописка')));
  });

  it('searches both languages whatever the screen shows', () => {
    expect(firstOf('Регистрация рождения')).toBe('birth-registration');
    expect(firstOf('Төрөлүүнү каттоо')).toBe('birth-registration');
  });

  it('lets all words narrow the list', () => {
    expect(idsOf(index.search('каттоо')).length).toBeGreaterThan(3);
    expect(idsOf(index.search('никени каттоо'))).toEqual(['marriage-registration']);
  });

  it('finds nothing for words that are nowhere in the catalog', () => {
    expect(index.search('зззззз')).toEqual([]);
    expect(index.search('qwqwqwqw')).toEqual([]);
  });
});

describe('catalog search: highlights', () => {
  function resultFor(query: string, serviceId: string): SearchResult {
    const result = index.search(query).find((r) => r.serviceId === serviceId);
    if (!result) throw new Error(`"${query}" did not find ${serviceId}`);
    return result;
  }

  it('marks exact pieces of the original name and summary, in both languages', () => {
    const service = findService(catalog, 'marriage-registration')!;
    const result = resultFor('нике', 'marriage-registration');
    expect(result.highlights.name.ky).toEqual([{ start: 0, end: 4 }]);
    expect(service.name.ky.slice(0, 4)).toBe('Нике');
    expect(marked(service, result)).toEqual(['Нике', 'Нике']);
  });

  it('marks only the beginning typed so far, in the original letters (Ө, Ү, capitals)', () => {
    const service = findService(catalog, 'birth-registration')!;
    const result = resultFor('торол', 'birth-registration');
    expect(marked(service, result)).toEqual(['Төрөл', 'төрөл']);
  });

  it('marks both words of "ID-карта", not the hyphen', () => {
    const service = findService(catalog, 'id-card')!;
    const result = resultFor('ид-карта', 'id-card');
    expect(result.highlights.name.ky).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
    ]);
    expect(marked(service, result)).toContain('карта');
    expect(marked(service, result).filter((piece) => piece === 'ID').length).toBeGreaterThanOrEqual(2);
  });

  it('marks a whole word matched through Latin typing or a typo', () => {
    const passport = findService(catalog, 'foreign-passport')!;
    expect(marked(passport, resultFor('pasport', 'foreign-passport'))).toContain('паспорт');
    expect(marked(passport, resultFor('пасспорт', 'foreign-passport'))).toContain('паспорт');
    const registration = findService(catalog, 'birth-registration')!;
    // In the Russian name and the Russian summary.
    expect(marked(registration, resultFor('регистрацыя', 'birth-registration'))).toEqual(['Регистрация', 'Регистрация']);
  });

  it('gives ranges that are always inside the text and never overlap', () => {
    for (const query of ['а', 'к', 'каттоо', 'ID карта', 'pasport', 'регистрация рождения', 'үй', 'e-ID']) {
      for (const result of index.search(query)) {
        const service = findService(catalog, result.serviceId)!;
        for (const field of ['name', 'summary'] as const) {
          for (const language of LANGUAGES) {
            let previousEnd = -1;
            for (const { start, end } of result.highlights[field][language]) {
              expect(start).toBeGreaterThan(previousEnd);
              expect(end).toBeGreaterThan(start);
              expect(end).toBeLessThanOrEqual(service[field][language].length);
              previousEnd = end;
            }
          }
        }
      }
    }
  });

  it('keeps offsets right when the text carries combining marks', () => {
    const text = 'Е\u0308лка и\u0306од';
    const words = wordsOf(text);
    expect(words.map((w) => w.text)).toEqual(['елка', 'йод']);
    expect(text.slice(words[0]!.start, originalEnd(words[0]!, 2))).toBe('Е\u0308л');
    expect(text.slice(words[1]!.start, words[1]!.end)).toBe('и\u0306од');
  });
});

describe('catalog search: input it must survive', () => {
  it('returns nothing for an empty or blank query', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   \t ')).toEqual([]);
    expect(index.search('— , - !')).toEqual([]);
  });

  it('caps a very long query: no crash, and fast', () => {
    const long = 'паспорт '.repeat(70);
    expect(long.length).toBeGreaterThan(500);
    const start = performance.now();
    const results = index.search(long);
    expect(performance.now() - start).toBeLessThan(50);
    expect(results[0]?.serviceId).toBe('foreign-passport');
    expect(index.search('ж'.repeat(5000))).toEqual([]);
    expect(index.search('а'.repeat(MAX_QUERY_CHARS * 10))).toEqual([]);
  });

  it('takes emoji, symbols and stray scripts without crashing', () => {
    expect(() => index.search('😀 паспорт ☎ İstanbul ß 中文')).not.toThrow();
    expect(index.search('😀')).toEqual([]);
  });

  it('limits the results when asked', () => {
    expect(index.search('к', { limit: 3 })).toHaveLength(3);
  });
});

describe('search helpers', () => {
  it('withinOneEdit: one wrong, extra, missing or swapped letter; two is too many', () => {
    expect(withinOneEdit('паспорт', 'паспорт')).toBe(true);
    expect(withinOneEdit('паспарт', 'паспорт')).toBe(true);
    expect(withinOneEdit('пасспорт', 'паспорт')).toBe(true);
    expect(withinOneEdit('пспорт', 'паспорт')).toBe(true);
    expect(withinOneEdit('апспорт', 'паспорт')).toBe(true);
    expect(withinOneEdit('паспортт', 'паспорт')).toBe(true);
    expect(withinOneEdit('пасорд', 'паспорт')).toBe(false);
    expect(withinOneEdit('спаорт', 'паспорт')).toBe(false);
    expect(withinOneEdit('паспр', 'паспорту', true)).toBe(true);
    expect(withinOneEdit('пспр', 'паспорту', true)).toBe(false);
  });

  it('reads Latin typing in Russian and Kyrgyz habits', () => {
    expect(cyrillicReadings('pasport')).toEqual(['паспорт']);
    expect(cyrillicReadings('shchi')).toContain('щи');
    expect(cyrillicReadings('zhol')).toContain('жол');
    expect(cyrillicReadings('kyrgyz')).toContain('кыргыз');
    expect(cyrillicReadings('tuulgan')).toContain('туулган');
    expect(cyrillicReadings('ayil')).toEqual(expect.arrayContaining(['айил']));
    expect(cyrillicReadings('yasha')).toContain('яша');
    expect(cyrillicReadings('ищу')).toEqual([]);
  });
});
