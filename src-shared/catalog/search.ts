import { LANGUAGES, type Language } from '../language';
import type { Service } from './schema';
import { cyrillicReadings } from './search-translit';
import { withinOneEdit } from './search-typo';
import { originalEnd, wordsOf, type Word } from './search-text';

/**
 * Search as you type over the catalog, in both languages whatever the screen
 * shows: names, synonyms, summaries and descriptions; tolerant of case, of
 * Ң/Н Ө/О Ү/У Ё/Е, of one typo in a longer word, and of Latin typing
 * ("pasport"). The index is built once per catalog; a query scans its
 * vocabulary (a few thousand distinct words), never the texts.
 */

/** A range of the original text to wrap in <mark>, UTF-16 offsets, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** The fields a result shows. */
export const DISPLAYED_FIELDS = ['name', 'summary'] as const;
export type DisplayedField = (typeof DISPLAYED_FIELDS)[number];
export type Highlights = Record<DisplayedField, Record<Language, TextRange[]>>;

export interface SearchResult {
  serviceId: string;
  score: number;
  highlights: Highlights;
}

export interface CatalogIndex {
  /** Ranked best first; empty for an empty query. */
  search(query: string, options?: { limit?: number }): SearchResult[];
}

/** Longer input is cut: nobody types more, and the scan stays fast. */
export const MAX_QUERY_CHARS = 100;
const MAX_QUERY_WORDS = 8;
const MAX_WORD_CHARS = 40;
/** Shorter words only match exactly or as a beginning: one edit would make "ПИН" match "тин", "пан"… */
const MIN_TYPO_LENGTH = 4;

type Field = DisplayedField | 'synonyms' | 'description';

/** Where a word is found counts first: name > synonyms > summary > description. */
const FIELD_WEIGHT: Record<Field, number> = { name: 100, synonyms: 70, summary: 40, description: 15 };

/** How well a query word fits a catalog word: whole > beginning > one typo. */
const WHOLE = 1;
const PREFIX_BASE = 0.6;
const PREFIX_COVERAGE = 0.3;
const TYPO = 0.5;
const TYPO_PREFIX = 0.4;
/** A second field or word matching the same query word breaks ties: "брак" in the name and the synonyms beats the name alone. */
const SECOND_EVIDENCE = 0.1;
/** A reading of Latin typing is a guess; the letters as typed come first. */
const TRANSLITERATED = 0.95;

interface TermMatch {
  weight: number;
  /** How many folded letters of the catalog word to highlight; Infinity for all of it. */
  length: number;
}

/** A word of a name or summary: where to highlight, and the terms (the word and its Cyrillic readings) it is filed under. */
interface DisplayedWord {
  field: DisplayedField;
  language: Language;
  word: Word;
  terms: number[];
}

/** For each service a term appears in: its strongest field's weight and, if it is in another field too, that one's. */
interface Postings {
  services: number[];
  weights: number[];
  seconds: number[];
}

function emptyHighlights(): Highlights {
  return { name: { ky: [], ru: [] }, summary: { ky: [], ru: [] } };
}

function textsOf(service: Service): Array<{ field: Field; language: Language; text: string }> {
  const texts: Array<{ field: Field; language: Language; text: string }> = [];
  for (const language of LANGUAGES) {
    texts.push({ field: 'name', language, text: service.name[language] });
    texts.push({ field: 'summary', language, text: service.summary[language] });
    texts.push({ field: 'description', language, text: service.description[language] });
    for (const synonym of service.synonyms?.[language] ?? []) texts.push({ field: 'synonyms', language, text: synonym });
  }
  return texts;
}

/** The catalog's vocabulary: each distinct folded word once, with the services it appears in and how strongly. */
class Vocabulary {
  readonly terms: string[] = [];
  readonly postings: Postings[] = [];
  private readonly ids = new Map<string, number>();
  private readonly best: Array<Map<number, [number, number]>> = [];

  /** Files a word of a service under `term`, keeping the service's two strongest fields for it. */
  add(term: string, service: number, weight: number): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      this.best.push(new Map());
    }
    const byService = this.best[id]!;
    const [first, second] = byService.get(service) ?? [0, 0];
    if (weight > first) byService.set(service, [weight, first]);
    else if (weight < first && weight > second) byService.set(service, [first, weight]);
    return id;
  }

  /** Freezes the per-service maps into flat arrays, the form the query loop reads fastest. */
  seal(): void {
    for (const byService of this.best) {
      const strengths = [...byService.values()];
      this.postings.push({ services: [...byService.keys()], weights: strengths.map(([first]) => first), seconds: strengths.map(([, second]) => second) });
    }
    this.best.length = 0;
  }
}

/** How a query word (as typed or as read from Latin) fits a catalog word, if at all. */
function fit(form: string, term: string): TermMatch | null {
  if (term === form) return { weight: WHOLE, length: Infinity };
  if (term.startsWith(form)) return { weight: PREFIX_BASE + (PREFIX_COVERAGE * form.length) / term.length, length: form.length };
  if (form.length < MIN_TYPO_LENGTH || term.length < form.length - 1) return null;
  if (Math.abs(term.length - form.length) <= 1 && withinOneEdit(form, term)) return { weight: TYPO, length: Infinity };
  if (withinOneEdit(form, term, true)) return { weight: TYPO_PREFIX, length: form.length };
  return null;
}

/**
 * Every catalog word a query word fits: the best weight of its forms goes
 * into `weights` (by term id), the highlight length into `lengths`; returns
 * the ids that fit.
 */
function matchTerms(terms: readonly string[], queryWord: string, weights: Float64Array, lengths: Float64Array): number[] {
  const forms = [
    { text: queryWord, factor: 1 },
    ...cyrillicReadings(queryWord).map((text) => ({ text, factor: TRANSLITERATED })),
  ];
  const matched: number[] = [];
  weights.fill(0);
  for (const form of forms) {
    for (let id = 0; id < terms.length; id += 1) {
      const match = fit(form.text, terms[id]!);
      if (!match) continue;
      const weight = match.weight * form.factor;
      if (weights[id] === 0) matched.push(id);
      if (weight > weights[id]!) weights[id] = weight;
      if (match.length > lengths[id]!) lengths[id] = match.length;
    }
  }
  return matched;
}

export function createCatalogIndex(catalog: { services: readonly Service[] }): CatalogIndex {
  const services = catalog.services;
  const vocabulary = new Vocabulary();
  const displayed: DisplayedWord[][] = services.map(() => []);

  services.forEach((service, index) => {
    for (const { field, language, text } of textsOf(service)) {
      for (const word of wordsOf(text)) {
        const weight = FIELD_WEIGHT[field];
        // A Latin word ("ID", "e-ID") is also filed under its Cyrillic readings, so "ид-карта" finds it.
        const terms = [word.text, ...cyrillicReadings(word.text)].map((term) => vocabulary.add(term, index, weight));
        if (field === 'name' || field === 'summary') displayed[index]!.push({ field, language, word, terms });
      }
    }
  });
  vocabulary.seal();
  const { terms, postings } = vocabulary;

  /** Words come in text order and never overlap, so their ranges come sorted and apart. */
  function highlightsOf(service: number, lengths: Float64Array): Highlights {
    const highlights = emptyHighlights();
    for (const { field, language, word, terms: filedUnder } of displayed[service]!) {
      let length = lengths[filedUnder[0]!]!;
      // A match through a Cyrillic reading of a Latin word lights the whole word: its letters do not line up.
      for (let k = 1; k < filedUnder.length; k += 1) if (lengths[filedUnder[k]!]! > 0) length = Infinity;
      if (length > 0) highlights[field][language].push({ start: word.start, end: originalEnd(word, length) });
    }
    return highlights;
  }

  // Scratch space, reused by every query (search is synchronous): no garbage per keystroke.
  const scores = new Float64Array(services.length);
  const covered = new Uint8Array(services.length);
  const wordScore = new Float64Array(services.length);
  const wordEvidence = new Float64Array(services.length);
  const termWeights = new Float64Array(terms.length);

  function search(query: string, options: { limit?: number } = {}): SearchResult[] {
    if (typeof query !== 'string') return [];
    const queryWords = wordsOf(query.slice(0, MAX_QUERY_CHARS))
      .slice(0, MAX_QUERY_WORDS)
      .map((word) => word.text.slice(0, MAX_WORD_CHARS));
    if (queryWords.length === 0) return [];

    scores.fill(0);
    covered.fill(0);
    // Kept by the results, which mark their words only when the screen asks.
    const highlightLengths = new Float64Array(terms.length);

    for (const queryWord of queryWords) {
      wordScore.fill(0);
      wordEvidence.fill(0);
      for (const term of matchTerms(terms, queryWord, termWeights, highlightLengths)) {
        const weight = termWeights[term]!;
        const { services: found, weights, seconds } = postings[term]!;
        for (let k = 0; k < found.length; k += 1) {
          const service = found[k]!;
          const score = weights[k]! * weight;
          const best = wordScore[service]!;
          // The best match counts; the next best (another field, another word) adds a little.
          if (score > best) {
            wordScore[service] = score;
            wordEvidence[service] = Math.max(best, seconds[k]! * weight, wordEvidence[service]!);
          } else {
            wordEvidence[service] = Math.max(wordEvidence[service]!, score);
          }
        }
      }
      for (let service = 0; service < services.length; service += 1) {
        if (wordScore[service]! > 0) {
          scores[service]! += wordScore[service]! + SECOND_EVIDENCE * wordEvidence[service]!;
          covered[service]! += 1;
        }
      }
    }

    // Every word should match; when no service has them all, those with the most still help.
    let mostCovered = 0;
    for (const count of covered) mostCovered = Math.max(mostCovered, count);
    if (mostCovered === 0) return [];
    const found: number[] = [];
    for (let service = 0; service < services.length; service += 1) if (covered[service] === mostCovered) found.push(service);
    found.sort((a, b) => scores[b]! - scores[a]! || a - b);

    return found.slice(0, options.limit ?? found.length).map((service) => {
      let highlights: Highlights | null = null;
      return {
        serviceId: services[service]!.id,
        score: Math.round(scores[service]! * 100) / 100,
        // Worked out on first read: a screen shows the first twenty of maybe hundreds.
        get highlights() {
          highlights ??= highlightsOf(service, highlightLengths);
          return highlights;
        },
      };
    });
  }

  return { search };
}
