import { PNG } from 'pngjs';
import type { Core } from '../../src-main/core/index';
import { validAnswers } from '../support/catalog-fixture';
import { makePdf, makePng } from '../unit/attachments/files';
import { between, mulberry32, pick, type Random } from './seeded';

/** A file as a citizen brings it: real PNG or PDF bytes. */
export interface CitizenFile {
  fileName: string;
  bytes: Buffer;
}

/** One application on the fixture form (faultsCatalog): who, which variant, and the files in each file field. */
export interface ApplicationPlan {
  surname: string;
  variantId: 'normal' | 'urgent';
  lost: boolean;
  phone: string | null;
  scans: CitizenFile[];
  copies: CitizenFile[];
}

/**
 * A PNG of noise: it does not compress, so its size is about width × height
 * × 4 bytes, and one over 1 MiB travels in several chunks.
 */
export function makeNoisePng(width: number, height: number, seed: number): Buffer {
  const random = mulberry32(seed);
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = Math.floor(random() * 256);
    png.data[i + 1] = Math.floor(random() * 256);
    png.data[i + 2] = Math.floor(random() * 256);
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Small real files, each different: PNGs of a gradient and one-page PDFs. */
export async function smallFiles(random: Random, count: number, tag: string): Promise<CitizenFile[]> {
  const files: CitizenFile[] = [];
  for (let i = 0; i < count; i += 1) {
    if (random() < 0.35) {
      const bytes = await makePdf((document) => {
        document.addPage([120, 120]).drawText(`${tag} ${i} ${Math.floor(random() * 1e9)}`, { x: 10, y: 60, size: 8 });
      });
      files.push({ fileName: `deed-${tag}-${i}.pdf`, bytes });
    } else {
      files.push({ fileName: `scan-${tag}-${i}.png`, bytes: makePng(between(random, 8, 60), between(random, 8, 60), between(random, 0, 1e6)) });
    }
  }
  return files;
}

/** A photo large enough to travel in three chunks of 1 MiB. */
export function largeFile(seed: number): CitizenFile {
  return { fileName: `photo-${seed}.png`, bytes: makeNoisePng(800, 800, seed) };
}

const SURNAMES = ['Асанова', 'Токтогулов', 'Жээнбекова', 'Осмонов', 'Kim', 'Абдыкадырова', 'Иванов-Петров', 'Сүйүнбаев'];

/** A plan with the fixture's valid answers and the given files. */
export function planWith(files: { scans?: CitizenFile[]; copies?: CitizenFile[] } = {}, random: Random = mulberry32(1)): ApplicationPlan {
  return {
    surname: pick(random, SURNAMES),
    variantId: random() < 0.5 ? 'normal' : 'urgent',
    lost: random() < 0.3,
    phone: random() < 0.5 ? '+996 555 123456' : null,
    scans: files.scans ?? [],
    copies: files.copies ?? [],
  };
}

/**
 * 1–8 applications (or `counts`) over a pool of files: some share a file,
 * one carries the same file twice (in both its fields), now and then one
 * carries a large photo that goes in chunks.
 */
export async function randomPlans(random: Random, tag: string, largeChance: number, counts = { min: 1, max: 8 }): Promise<ApplicationPlan[]> {
  const count = between(random, counts.min, counts.max);
  const pool = await smallFiles(random, between(random, 1, 4) + Math.floor(count / 40), tag);
  if (random() < largeChance) pool.push(largeFile(between(random, 0, 1e6)));
  const plans: ApplicationPlan[] = [];
  for (let i = 0; i < count; i += 1) {
    const scans = [...new Set(Array.from({ length: between(random, 0, 3) }, () => pick(random, pool)))];
    plans.push(planWith({ scans }, random));
  }
  const twice = plans.find((plan) => plan.scans.length > 0) ?? plans[0];
  if (twice) {
    if (twice.scans.length === 0) twice.scans.push(pick(random, pool));
    const first = twice.scans[0];
    if (first) twice.copies = [first];
  }
  return plans;
}

/** Fills, attaches and submits one application the way the screens do; answers its id. */
export async function submitPlan(core: Core, plan: ApplicationPlan): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: plan.variantId });
  const answers: Record<string, string> = { ...validAnswers, surname: plan.surname };
  if (plan.lost) Object.assign(answers, { reason: 'lost', lostCircumstances: 'Потерян в маршрутке №110' });
  if (plan.phone) answers.phone = plan.phone;
  await core.saveDraft({ id: draft.id, answers, pageId: null });
  for (const [fieldId, files] of [
    ['scans', plan.scans],
    ['copies', plan.copies],
  ] as const) {
    for (const file of files) {
      await core.attachUploadedFile({ draftId: draft.id, fieldId, fileName: file.fileName, dataBase64: file.bytes.toString('base64') });
    }
  }
  const receipt = await core.submitApplication({ draftId: draft.id, consent: true });
  return receipt.applicationId;
}

export async function submitPlans(core: Core, plans: readonly ApplicationPlan[]): Promise<string[]> {
  const ids: string[] = [];
  for (const plan of plans) ids.push(await submitPlan(core, plan));
  return ids;
}

/**
 * An application on the real catalog (the launcher's bundled one): rights to
 * real estate, for a person, with 1–3 title documents.
 */
export async function submitRealEstateApplication(core: Core, random: Random, documents: CitizenFile[]): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'real-estate-rights', variantId: 'individual' });
  await core.saveDraft({
    id: draft.id,
    answers: {
      applicantType: 'individual',
      surname: pick(random, SURNAMES),
      givenName: pick(random, ['Айгүл', 'Бакыт', 'Nurlan', 'Мээрим']),
      pin: '12505199012345',
      birthDate: '1990-05-25',
      propertyType: pick(random, ['apartment', 'house', 'landPlot']),
      propertyAddress: `Бишкек, Чүй проспекти, ${between(random, 1, 300)}`,
      rightBasis: pick(random, ['purchase', 'gift', 'inheritance']),
      phone: '+996 555 123456',
    },
    pageId: null,
  });
  for (const file of documents) {
    await core.attachUploadedFile({ draftId: draft.id, fieldId: 'titleDocuments', fileName: file.fileName, dataBase64: file.bytes.toString('base64') });
  }
  return (await core.submitApplication({ draftId: draft.id, consent: true })).applicationId;
}
