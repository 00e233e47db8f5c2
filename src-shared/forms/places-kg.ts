import type { Localized } from '../language';

/**
 * Places of the Kyrgyz Republic for the address field: region (облус, and the
 * cities of Bishkek and Osh) → district (район, or a city of regional
 * significance, which forms its own unit) → settlement (шаар, шаарча, айыл).
 *
 * The regions and districts are complete (the division of 7 regions and 40
 * districts). THE SETTLEMENT LIST IS PARTIAL: each district has its centre
 * and a few main towns and villages, no more. To extend it, the operator adds
 * a `[id, ky, ru]` row to the district's list below (a new id, lower-case
 * Latin with hyphens, never reused or renamed once published — stored
 * applications carry it) and releases the kiosk; the address field, its
 * validation and the review page pick it up with no other change.
 */
export interface Settlement {
  id: string;
  name: Localized;
}
export interface District {
  id: string;
  name: Localized;
  settlements: Settlement[];
}
export interface Region {
  id: string;
  name: Localized;
  districts: District[];
}

type Row = [id: string, ky: string, ru: string];

function district(id: string, ky: string, ru: string, settlements: Row[]): District {
  return { id, name: { ky, ru }, settlements: settlements.map(([sid, sky, sru]) => ({ id: sid, name: { ky: sky, ru: sru } })) };
}

/** A city of regional significance: a district-level unit holding the city itself. */
function city(id: string, ky: string, ru: string): District {
  return district(`${id}-city`, `${ky} шаары`, `город ${ru}`, [[id, ky, ru]]);
}

export const PLACES_KG: Region[] = [
  {
    id: 'bishkek',
    name: { ky: 'Бишкек шаары', ru: 'город Бишкек' },
    districts: [
      district('bishkek-leninsky', 'Ленин району', 'Ленинский район', [['bishkek-leninsky-city', 'Бишкек', 'Бишкек']]),
      district('bishkek-oktyabrsky', 'Октябрь району', 'Октябрьский район', [['bishkek-oktyabrsky-city', 'Бишкек', 'Бишкек']]),
      district('bishkek-pervomaysky', 'Биринчи Май району', 'Первомайский район', [['bishkek-pervomaysky-city', 'Бишкек', 'Бишкек']]),
      district('bishkek-sverdlovsky', 'Свердлов району', 'Свердловский район', [['bishkek-sverdlovsky-city', 'Бишкек', 'Бишкек']]),
    ],
  },
  {
    id: 'osh-city',
    name: { ky: 'Ош шаары', ru: 'город Ош' },
    districts: [district('osh-city-all', 'Ош шаары', 'город Ош', [['osh', 'Ош', 'Ош']])],
  },
  {
    id: 'batken',
    name: { ky: 'Баткен облусу', ru: 'Баткенская область' },
    districts: [
      district('batken-district', 'Баткен району', 'Баткенский район', [['batken', 'Баткен', 'Баткен']]),
      district('kadamjay-district', 'Кадамжай району', 'Кадамжайский район', [
        ['kadamjay', 'Кадамжай', 'Кадамжай'],
        ['aidarken', 'Айдаркен', 'Айдаркен'],
      ]),
      district('leilek-district', 'Лейлек району', 'Лейлекский район', [['isfana', 'Исфана', 'Исфана']]),
      city('kyzyl-kiya', 'Кызыл-Кыя', 'Кызыл-Кия'),
      city('sulukta', 'Сүлүктү', 'Сулюкта'),
    ],
  },
  {
    id: 'chuy',
    name: { ky: 'Чүй облусу', ru: 'Чуйская область' },
    districts: [
      district('alamudun-district', 'Аламүдүн району', 'Аламудунский район', [
        ['alamudun', 'Аламүдүн', 'Аламедин'],
        ['lebedinovka', 'Лебединовка', 'Лебединовка'],
        ['koi-tash', 'Кой-Таш', 'Кой-Таш'],
      ]),
      district('jayil-district', 'Жайыл району', 'Жайылский район', [['kara-balta', 'Кара-Балта', 'Кара-Балта']]),
      district('kemin-district', 'Кемин району', 'Кеминский район', [
        ['kemin', 'Кемин', 'Кемин'],
        ['orlovka', 'Орловка', 'Орловка'],
        ['ak-tuz', 'Ак-Түз', 'Ак-Туз'],
      ]),
      district('moskva-district', 'Москва району', 'Московский район', [['belovodskoe', 'Беловодское', 'Беловодское']]),
      district('panfilov-district', 'Панфилов району', 'Панфиловский район', [['kaindy', 'Кайыңды', 'Каинды']]),
      district('sokuluk-district', 'Сокулук району', 'Сокулукский район', [
        ['sokuluk', 'Сокулук', 'Сокулук'],
        ['shopokov', 'Шопоков', 'Шопоков'],
      ]),
      district('chuy-district', 'Чүй району', 'Чуйский район', [['chuy', 'Чүй', 'Чуй']]),
      district('ysyk-ata-district', 'Ысык-Ата району', 'Иссык-Атинский район', [
        ['kant', 'Кант', 'Кант'],
        ['ivanovka', 'Ивановка', 'Ивановка'],
      ]),
      city('tokmok', 'Токмок', 'Токмак'),
    ],
  },
  {
    id: 'issyk-kul',
    name: { ky: 'Ысык-Көл облусу', ru: 'Иссык-Кульская область' },
    districts: [
      district('ak-suu-district', 'Ак-Суу району', 'Аксуйский район', [['teploklyuchenka', 'Теплоключенка', 'Теплоключенка']]),
      district('jeti-oguz-district', 'Жети-Өгүз району', 'Джети-Огузский район', [
        ['kyzyl-suu', 'Кызыл-Суу', 'Кызыл-Суу'],
        ['barskoon', 'Барскоон', 'Барскаун'],
      ]),
      district('ysyk-kol-district', 'Ысык-Көл району', 'Иссык-Кульский район', [
        ['cholpon-ata', 'Чолпон-Ата', 'Чолпон-Ата'],
        ['ananyevo', 'Ананьево', 'Ананьево'],
      ]),
      district('ton-district', 'Тоң району', 'Тонский район', [
        ['bokonbaev', 'Бөкөнбаев', 'Боконбаево'],
        ['kaji-sai', 'Кажы-Сай', 'Каджи-Сай'],
      ]),
      district('tup-district', 'Түп району', 'Тюпский район', [['tup', 'Түп', 'Тюп']]),
      city('karakol', 'Каракол', 'Каракол'),
      city('balykchy', 'Балыкчы', 'Балыкчы'),
    ],
  },
  {
    id: 'jalal-abad',
    name: { ky: 'Жалал-Абад облусу', ru: 'Джалал-Абадская область' },
    districts: [
      district('aksy-district', 'Аксы району', 'Аксыйский район', [['kerben', 'Кербен', 'Кербен']]),
      district('ala-buka-district', 'Ала-Бука району', 'Ала-Букинский район', [['ala-buka', 'Ала-Бука', 'Ала-Бука']]),
      district('bazar-korgon-district', 'Базар-Коргон району', 'Базар-Коргонский район', [['bazar-korgon', 'Базар-Коргон', 'Базар-Коргон']]),
      district('nooken-district', 'Ноокен району', 'Ноокенский район', [
        ['massy', 'Масы', 'Массы'],
        ['kochkor-ata', 'Кочкор-Ата', 'Кочкор-Ата'],
      ]),
      district('suzak-district', 'Сузак району', 'Сузакский район', [['suzak', 'Сузак', 'Сузак']]),
      district('toguz-toro-district', 'Тогуз-Торо району', 'Тогуз-Тороуский район', [['kazarman', 'Казарман', 'Казарман']]),
      district('toktogul-district', 'Токтогул району', 'Токтогульский район', [['toktogul', 'Токтогул', 'Токтогул']]),
      district('chatkal-district', 'Чаткал району', 'Чаткальский район', [['kanysh-kiya', 'Каныш-Кыя', 'Каныш-Кия']]),
      city('jalal-abad', 'Жалал-Абад', 'Джалал-Абад'),
      city('kara-kol', 'Кара-Көл', 'Кара-Куль'),
      city('mailuu-suu', 'Майлуу-Суу', 'Майлуу-Суу'),
      city('tash-komur', 'Таш-Көмүр', 'Таш-Кумыр'),
      city('kok-jangak', 'Көк-Жаңгак', 'Кок-Джангак'),
    ],
  },
  {
    id: 'naryn',
    name: { ky: 'Нарын облусу', ru: 'Нарынская область' },
    districts: [
      district('ak-talaa-district', 'Ак-Талаа району', 'Ак-Талинский район', [['baetov', 'Баетов', 'Баетов']]),
      district('at-bashy-district', 'Ат-Башы району', 'Ат-Башинский район', [['at-bashy', 'Ат-Башы', 'Ат-Баши']]),
      district('jumgal-district', 'Жумгал району', 'Жумгальский район', [['chaek', 'Чаек', 'Чаек']]),
      district('kochkor-district', 'Кочкор району', 'Кочкорский район', [['kochkor', 'Кочкор', 'Кочкор']]),
      district('naryn-district', 'Нарын району', 'Нарынский район', [['naryn', 'Нарын', 'Нарын']]),
    ],
  },
  {
    id: 'osh',
    name: { ky: 'Ош облусу', ru: 'Ошская область' },
    districts: [
      district('alay-district', 'Алай району', 'Алайский район', [
        ['gulcho', 'Гүлчө', 'Гульча'],
        ['sary-tash', 'Сары-Таш', 'Сары-Таш'],
      ]),
      district('aravan-district', 'Араван району', 'Араванский район', [['aravan', 'Араван', 'Араван']]),
      district('kara-kulja-district', 'Кара-Кулжа району', 'Кара-Кульджинский район', [['kara-kulja', 'Кара-Кулжа', 'Кара-Кульджа']]),
      district('kara-suu-district', 'Кара-Суу району', 'Кара-Сууский район', [['kara-suu', 'Кара-Суу', 'Кара-Суу']]),
      district('nookat-district', 'Ноокат району', 'Ноокатский район', [['nookat', 'Ноокат', 'Ноокат']]),
      district('ozgon-district', 'Өзгөн району', 'Узгенский район', [['ozgon', 'Өзгөн', 'Узген']]),
      district('chon-alay-district', 'Чоң-Алай району', 'Чон-Алайский район', [['daroot-korgon', 'Дароот-Коргон', 'Дароот-Коргон']]),
    ],
  },
  {
    id: 'talas',
    name: { ky: 'Талас облусу', ru: 'Таласская область' },
    districts: [
      district('bakai-ata-district', 'Бакай-Ата району', 'Бакай-Атинский район', [['bakai-ata', 'Бакай-Ата', 'Бакай-Ата']]),
      district('kara-buura-district', 'Кара-Буура району', 'Кара-Бууринский район', [['kyzyl-adyr', 'Кызыл-Адыр', 'Кызыл-Адыр']]),
      district('manas-district', 'Манас району', 'Манасский район', [['pokrovka-talas', 'Покровка', 'Покровка']]),
      district('talas-district', 'Талас району', 'Таласский район', [['talas', 'Талас', 'Талас']]),
    ],
  },
];

const regions = new Map(PLACES_KG.map((region) => [region.id, region]));
const districts = new Map(PLACES_KG.flatMap((region) => region.districts.map((d) => [d.id, { region, district: d }] as const)));
const settlements = new Map(
  PLACES_KG.flatMap((region) => region.districts.flatMap((d) => d.settlements.map((s) => [s.id, { district: d, settlement: s }] as const))),
);

export function findRegion(id: string): Region | undefined {
  return regions.get(id);
}

/** The district, only when it belongs to the region. */
export function findDistrict(regionId: string, districtId: string): District | undefined {
  const found = districts.get(districtId);
  return found && found.region.id === regionId ? found.district : undefined;
}

/** The settlement, only when it belongs to the district. */
export function findSettlement(districtId: string, settlementId: string): Settlement | undefined {
  const found = settlements.get(settlementId);
  return found && found.district.id === districtId ? found.settlement : undefined;
}
