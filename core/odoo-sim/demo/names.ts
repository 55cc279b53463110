/** Word lists for plausible Benelux/German/French company and person names, products and labels. */
import type { Rng } from './rng';

export type CountryCode = 'BE' | 'NL' | 'DE' | 'FR' | 'LU' | 'AT' | 'IT' | 'DK' | 'GB' | 'US';

export const COUNTRIES: ReadonlyArray<{ code: CountryCode; name: string; phone: string }> = [
  { code: 'BE', name: 'Belgium', phone: '32' },
  { code: 'NL', name: 'Netherlands', phone: '31' },
  { code: 'DE', name: 'Germany', phone: '49' },
  { code: 'FR', name: 'France', phone: '33' },
  { code: 'LU', name: 'Luxembourg', phone: '352' },
  { code: 'AT', name: 'Austria', phone: '43' },
  { code: 'IT', name: 'Italy', phone: '39' },
  { code: 'DK', name: 'Denmark', phone: '45' },
  { code: 'GB', name: 'United Kingdom', phone: '44' },
  { code: 'US', name: 'United States', phone: '1' },
];

export const LEGAL_FORMS: Readonly<Record<CountryCode, readonly string[]>> = {
  BE: ['NV', 'BV', 'SA', 'SRL', 'BVBA', 'CV'],
  NL: ['B.V.', 'BV', 'N.V.', 'VOF'],
  DE: ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.'],
  FR: ['SAS', 'SARL', 'SA', 'EURL'],
  LU: ['S.à r.l.', 'SA', 'SARL'],
  AT: ['GmbH', 'AG', 'KG'],
  IT: ['S.r.l.', 'S.p.A.'],
  DK: ['ApS', 'A/S'],
  GB: ['Ltd', 'Limited', 'PLC', 'LLP'],
  US: ['Inc.', 'LLC', 'Corp.'],
};

/** Legal-form spellings the same registry entry appears under (the dedup engine must see through these). */
export const LEGAL_FORM_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'B.V.': ['BV', 'B.V', 'bv'],
  BV: ['B.V.', 'bv', 'BVBA'],
  'N.V.': ['NV', 'nv'],
  NV: ['N.V.', 'nv', 'SA'],
  SA: ['S.A.', 'NV', 'sa'],
  SRL: ['S.R.L.', 'BV', 'sprl'],
  BVBA: ['BV', 'bvba', 'SPRL'],
  GmbH: ['GMBH', 'Gmbh', 'G.m.b.H.', ''],
  'GmbH & Co. KG': ['GmbH & Co KG', 'GmbH&Co.KG'],
  AG: ['A.G.', 'Aktiengesellschaft'],
  SAS: ['S.A.S.', 'sas'],
  SARL: ['S.A.R.L.', 'Sarl'],
  Ltd: ['Limited', 'LTD', 'Ltd.'],
  Limited: ['Ltd', 'LTD'],
  'Inc.': ['Inc', 'Incorporated'],
  LLC: ['L.L.C.', 'llc'],
};

const STEMS_BY_COUNTRY: Readonly<Record<CountryCode, readonly string[]>> = {
  BE: ['Van den Bergh', 'Peeters', 'Janssens', 'Maes', 'Claes', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Mertens', 'Willems', 'Goossens', 'Vermeulen', 'Jacobs', 'Dumont', 'Leclercq', 'Vandamme', 'Hermans', 'Brabant', 'Scheldt', 'Kempen', 'Mosan', 'Ardenne', 'Flandria', 'Lys', 'Zenne', 'Meuse', 'Durme'],
  NL: ['De Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'De Boer', 'Dekker', 'Van Dijk', 'Hollands', 'Zuidas', 'Amstel', 'Rijnmond', 'Veluwe', 'Noorderlicht', 'Polder'],
  DE: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Richter', 'Rheinland', 'Nordwerk', 'Hanse', 'Bergland', 'Isar', 'Elbtal', 'Schwarzwald'],
  FR: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lorraine', 'Provence', 'Atlantique', 'Alsace', 'Loire', 'Rhône'],
  LU: ['Schmit', 'Muller', 'Weber', 'Hoffmann', 'Wagner', 'Moselle', 'Kirchberg', 'Alzette'],
  AT: ['Gruber', 'Huber', 'Bauer', 'Wagner', 'Pichler', 'Steiner', 'Donau', 'Alpen', 'Tirol'],
  IT: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Padana', 'Lombarda'],
  DK: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Nordic', 'Øresund'],
  GB: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thames', 'Albion', 'Pennine', 'Severn'],
  US: ['Johnson', 'Williams', 'Miller', 'Davis', 'Garcia', 'Pacific', 'Liberty', 'Summit', 'Hudson', 'Lakeshore'],
};

const ACTIVITIES: readonly string[] = [
  'Logistics', 'Construction', 'Consulting', 'Engineering', 'Trading', 'Bakery', 'Print', 'IT Services', 'Design',
  'Facilities', 'Catering', 'Transport', 'Architects', 'Dental', 'Pharma', 'Retail', 'Interiors', 'Automotive',
  'Software', 'Legal', 'Accountants', 'Marketing', 'Cleaning', 'Security', 'Packaging', 'Textiles', 'Metalworks',
  'Electro', 'Medical', 'Hotels', 'Events', 'Media', 'Foods', 'Garden', 'Office', 'Energy', 'Solar', 'Plastics',
];

const CONNECTORS: readonly string[] = [' & Zonen', ' & Fils', ' & Söhne', ' & Partners', ' Group', ' Holding', ''];

const CITIES: Readonly<Record<CountryCode, ReadonlyArray<[string, string]>>> = {
  BE: [['Antwerpen', '2000'], ['Gent', '9000'], ['Brussel', '1000'], ['Leuven', '3000'], ['Liège', '4000'], ['Namur', '5000'], ['Brugge', '8000'], ['Mechelen', '2800'], ['Hasselt', '3500'], ['Kortrijk', '8500'], ['Charleroi', '6000'], ['Wavre', '1300']],
  NL: [['Amsterdam', '1012 AB'], ['Rotterdam', '3011 AA'], ['Utrecht', '3511 AB'], ['Eindhoven', '5611 AA'], ['Breda', '4811 AA'], ['Maastricht', '6211 AA']],
  DE: [['Köln', '50667'], ['Aachen', '52062'], ['Düsseldorf', '40213'], ['Hamburg', '20095'], ['München', '80331'], ['Berlin', '10115'], ['Frankfurt am Main', '60311']],
  FR: [['Lille', '59000'], ['Paris', '75002'], ['Lyon', '69002'], ['Reims', '51100'], ['Strasbourg', '67000']],
  LU: [['Luxembourg', 'L-1111'], ['Esch-sur-Alzette', 'L-4002'], ['Differdange', 'L-4501']],
  AT: [['Wien', '1010'], ['Graz', '8010'], ['Linz', '4020']],
  IT: [['Milano', '20121'], ['Torino', '10121'], ['Bologna', '40121']],
  DK: [['København', '1050'], ['Aarhus', '8000']],
  GB: [['London', 'EC1A 1BB'], ['Manchester', 'M1 1AE'], ['Birmingham', 'B1 1AA']],
  US: [['New York', '10001'], ['Boston', '02108'], ['Chicago', '60601'], ['Austin', '73301']],
};

const STREETS: Readonly<Record<CountryCode, readonly string[]>> = {
  BE: ['Kerkstraat', 'Stationsstraat', 'Rue de la Loi', 'Meir', 'Nijverheidsstraat', 'Avenue Louise', 'Industrieweg', 'Leuvensesteenweg'],
  NL: ['Hoofdstraat', 'Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Industrieweg'],
  DE: ['Hauptstraße', 'Bahnhofstraße', 'Industriestraße', 'Gartenstraße', 'Schillerstraße'],
  FR: ['Rue de la République', 'Avenue Jean Jaurès', 'Rue Nationale', 'Boulevard Victor Hugo'],
  LU: ['Route d\'Arlon', 'Rue de Hollerich', 'Boulevard Royal'],
  AT: ['Hauptplatz', 'Mariahilfer Straße', 'Landstraße'],
  IT: ['Via Roma', 'Corso Italia', 'Via Garibaldi'],
  DK: ['Strøget', 'Vesterbrogade'],
  GB: ['High Street', 'Station Road', 'Church Lane'],
  US: ['Main Street', 'Broadway', 'Market Street', '5th Avenue'],
};

export const FIRST_NAMES: readonly string[] = [
  'Jan', 'Pieter', 'Sofie', 'Lotte', 'Marc', 'Els', 'Tom', 'An', 'Koen', 'Nathalie', 'Bart', 'Inge', 'Wim', 'Julie', 'Thomas',
  'Anna', 'Lukas', 'Marie', 'Paul', 'Sarah', 'Jean', 'Camille', 'Luc', 'Isabelle', 'David', 'Emma', 'Hans', 'Katrin', 'Pierre',
  'Claire', 'Michael', 'Laura', 'Stefan', 'Eva', 'Dirk', 'Hilde', 'Sven', 'Nina', 'Olivier', 'Charlotte',
];
export const LAST_NAMES: readonly string[] = [
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Backer', 'Dubois',
  'Lambert', 'Dupont', 'Martin', 'Müller', 'Schmidt', 'Schneider', 'De Vries', 'Bakker', 'Visser', 'Van Damme', 'Leroy',
  'Fischer', 'Weber', 'Hermans', 'Smets', 'Vermeulen', 'Desmet', 'Verstraete', 'Lejeune',
];

export type Address = { street: string; zip: string; city: string };

export function address(rng: Rng, country: CountryCode): Address {
  const [city, zip] = rng.pick(CITIES[country]);
  return { street: `${rng.pick(STREETS[country])} ${rng.int(1, 240)}`, zip, city };
}

export function companyName(rng: Rng, country: CountryCode, used: Set<string>): { base: string; form: string; name: string } {
  const form = rng.pick(LEGAL_FORMS[country]);
  for (let attempt = 0; attempt < 50; attempt++) {
    const stem = rng.pick(STEMS_BY_COUNTRY[country]);
    const shape = rng.int(0, 3);
    const base =
      shape === 0 ? `${stem} ${rng.pick(ACTIVITIES)}` : shape === 1 ? `${stem}${rng.pick(CONNECTORS)}` : shape === 2 ? `${rng.pick(ACTIVITIES)} ${stem}` : `${stem} ${rng.pick(ACTIVITIES)} ${rng.pick(['Services', 'Solutions', 'Center', 'Partners', 'Supply'])}`;
    const name = `${base} ${form}`.replace(/\s+/g, ' ').trim();
    if (attempt < 30 && used.has(name.toLowerCase())) continue;
    const final = used.has(name.toLowerCase()) ? `${base} ${rng.int(2, 999)} ${form}` : name;
    used.add(final.toLowerCase());
    return { base: final.slice(0, final.length - form.length).trim(), form, name: final };
  }
  throw new Error('unreachable');
}

export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const TLD: Readonly<Record<CountryCode, string>> = {
  BE: 'be', NL: 'nl', DE: 'de', FR: 'fr', LU: 'lu', AT: 'at', IT: 'it', DK: 'dk', GB: 'co.uk', US: 'com',
};

/** A phone number in the local written style, national or international. */
export function phone(rng: Rng, country: CountryCode): string {
  const cc = COUNTRIES.find((c) => c.code === country)?.phone ?? '32';
  const n = () => String(rng.int(0, 9));
  const block = (k: number) => Array.from({ length: k }, n).join('');
  const style = rng.int(0, 2);
  const area = String(rng.int(2, 9)) + block(1);
  const rest = block(6);
  if (style === 0) return `+${cc} ${area} ${rest.slice(0, 2)} ${rest.slice(2, 4)} ${rest.slice(4)}`;
  if (style === 1) return `+${cc}${area}${rest}`;
  return `0${area} ${rest.slice(0, 3)} ${rest.slice(3)}`;
}

/** Products the demo company (an office equipment & services distributor) sells and stocks. */
export const PRODUCT_FAMILIES: ReadonlyArray<{ family: string; code: string; items: readonly string[]; price: [number, number]; kind: 'product' | 'consu' | 'service'; uom: 'Units' | 'Hours' | 'Box' }> = [
  { family: 'Office Chairs', code: 'CHR', items: ['Ergonomic Chair', 'Mesh Task Chair', 'Executive Chair', 'Visitor Chair', 'Stool'], price: [89, 690], kind: 'product', uom: 'Units' },
  { family: 'Desks', code: 'DSK', items: ['Sit-Stand Desk', 'Desk 160x80', 'Desk 140x70', 'Corner Desk', 'Meeting Table'], price: [240, 1450], kind: 'product', uom: 'Units' },
  { family: 'Storage', code: 'STO', items: ['Filing Cabinet', 'Locker', 'Bookshelf', 'Mobile Pedestal', 'Roll-front Cabinet'], price: [95, 780], kind: 'product', uom: 'Units' },
  { family: 'IT Hardware', code: 'ITH', items: ['Monitor 27"', 'Docking Station', 'Wireless Keyboard', 'Laptop Stand', 'Webcam HD', 'Headset'], price: [25, 420], kind: 'product', uom: 'Units' },
  { family: 'Paper', code: 'PAP', items: ['A4 Paper 80g', 'A3 Paper 80g', 'Recycled A4', 'Envelopes C5'], price: [4, 42], kind: 'product', uom: 'Box' },
  { family: 'Supplies', code: 'SUP', items: ['Toner Black', 'Toner Colour', 'Ballpoint Pens', 'Sticky Notes', 'Whiteboard Markers', 'Binders'], price: [3, 140], kind: 'consu', uom: 'Box' },
  { family: 'Services', code: 'SRV', items: ['Installation', 'Workplace Consulting', 'Maintenance Contract', 'Delivery', 'Space Planning'], price: [45, 120], kind: 'service', uom: 'Hours' },
];

/** Expense categories for vendor bills that are not stock purchases: [label, account key, typical amount range]. */
export const EXPENSE_KINDS: ReadonlyArray<{ label: string; account: 'rent' | 'utilities' | 'telecom' | 'software' | 'freight' | 'fees' | 'marketing' | 'fuel'; range: [number, number] }> = [
  { label: 'Office rent', account: 'rent', range: [2800, 6500] },
  { label: 'Electricity', account: 'utilities', range: [180, 1400] },
  { label: 'Mobile & internet', account: 'telecom', range: [90, 650] },
  { label: 'Software subscription', account: 'software', range: [30, 1900] },
  { label: 'Freight & delivery', account: 'freight', range: [60, 2200] },
  { label: 'Accounting & legal fees', account: 'fees', range: [400, 4800] },
  { label: 'Advertising', account: 'marketing', range: [150, 5200] },
  { label: 'Fuel cards', account: 'fuel', range: [200, 2600] },
];

export const BANKS: ReadonlyArray<{ name: string; bic: string; country: CountryCode; code: string }> = [
  { name: 'KBC Bank', bic: 'KREDBEBB', country: 'BE', code: '735' },
  { name: 'BNP Paribas Fortis', bic: 'GEBABEBB', country: 'BE', code: '001' },
  { name: 'ING Belgium', bic: 'BBRUBEBB', country: 'BE', code: '363' },
  { name: 'Belfius', bic: 'GKCCBEBB', country: 'BE', code: '068' },
  { name: 'Argenta', bic: 'ARSPBE22', country: 'BE', code: '973' },
  { name: 'ABN AMRO', bic: 'ABNANL2A', country: 'NL', code: 'ABNA' },
  { name: 'Rabobank', bic: 'RABONL2U', country: 'NL', code: 'RABO' },
  { name: 'ING Bank', bic: 'INGBNL2A', country: 'NL', code: 'INGB' },
  { name: 'Deutsche Bank', bic: 'DEUTDEDB', country: 'DE', code: '37070060' },
  { name: 'Commerzbank', bic: 'COBADEFF', country: 'DE', code: '37040044' },
  { name: 'Sparkasse KölnBonn', bic: 'COLSDE33', country: 'DE', code: '37050198' },
  { name: 'BNP Paribas', bic: 'BNPAFRPP', country: 'FR', code: '30004' },
  { name: 'Société Générale', bic: 'SOGEFRPP', country: 'FR', code: '30003' },
  { name: 'BGL BNP Paribas', bic: 'BGLLLULL', country: 'LU', code: '003' },
  { name: 'Barclays', bic: 'BARCGB22', country: 'GB', code: 'BARC' },
  { name: 'Erste Bank', bic: 'GIBAATWW', country: 'AT', code: '20111' },
  { name: 'UniCredit', bic: 'UNCRITMM', country: 'IT', code: '02008' },
  { name: 'Danske Bank', bic: 'DABADKKK', country: 'DK', code: '3000' },
];
