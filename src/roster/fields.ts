/**
 * The person fields a roster column can fill, the column titles an export writes (English or
 * Spanish), and automatic guesses from the titles spreadsheets really use.
 *
 * Guessing compares titles accent-, case- and punctuation-insensitively ("Teléfono móvil",
 * "TELEFONO", "phone #" all match), first as whole titles, then by a leading word ("Email
 * address" → email). Each field is guessed for at most one column (the first that matches).
 */
import { normalizeSearch } from '../domain';

/** Fields a column can be mapped to, in export order. */
export const FIELDS = [
  'name',
  'lastName',
  'codeName',
  'unit',
  'shift',
  'jobTitle',
  'phone',
  'email',
  'signal',
  'whatsapp',
  'otherContact',
  'assessment',
  'leader',
  'committee',
  'card',
  'cardDate',
  'tags',
  'language',
  'nextStep',
  'nextStepDue',
  'notes',
] as const;

/** One of `FIELDS`. */
export type FieldKey = (typeof FIELDS)[number];

/**
 * What one column is used for: a field, `'note'` (kept in the person's note as "Title: value"),
 * or `'skip'` (left out on purpose).
 */
export type ColumnUse = FieldKey | 'note' | 'skip';

/**
 * Per column: its use, or `null` while nobody has decided. A `null` column that holds data is an
 * open question of the import plan (`ImportPlan.unmapped`): nothing is dropped without a choice.
 */
export type Mapping = readonly (ColumnUse | null)[];

/** Fields the people export writes (every field except `lastName`, which only splits names). */
export const EXPORT_FIELDS: readonly FieldKey[] = FIELDS.filter((f) => f !== 'lastName');

/** Column titles an export writes, per language. Both sets are recognised on import. */
export const HEADERS: Record<'en' | 'es', Record<FieldKey, string>> = {
  en: {
    name: 'Name',
    lastName: 'Last name',
    codeName: 'Code name',
    unit: 'Unit',
    shift: 'Shift',
    jobTitle: 'Job title',
    phone: 'Phone',
    email: 'Email',
    signal: 'Signal',
    whatsapp: 'WhatsApp',
    otherContact: 'Other contact',
    assessment: 'Assessment',
    leader: 'Leader',
    committee: 'Committee',
    card: 'Card signed',
    cardDate: 'Card date',
    tags: 'Tags',
    language: 'Language',
    nextStep: 'Next step',
    nextStepDue: 'Next step due',
    notes: 'Notes',
  },
  es: {
    name: 'Nombre',
    lastName: 'Apellidos',
    codeName: 'Apodo',
    unit: 'Área',
    shift: 'Turno',
    jobTitle: 'Puesto',
    phone: 'Teléfono',
    email: 'Correo',
    signal: 'Signal',
    whatsapp: 'WhatsApp',
    otherContact: 'Otro contacto',
    assessment: 'Evaluación',
    leader: 'Líder',
    committee: 'Comité',
    card: 'Tarjeta firmada',
    cardDate: 'Fecha de tarjeta',
    tags: 'Etiquetas',
    language: 'Idioma',
    nextStep: 'Próximo paso',
    nextStepDue: 'Fecha del próximo paso',
    notes: 'Notas',
  },
};

/** Further titles seen in real spreadsheets and phone exports (English and Spanish). */
const SYNONYMS: Record<FieldKey, readonly string[]> = {
  name: [
    'full name',
    'name',
    'worker',
    'employee',
    'employee name',
    'coworker',
    'first name',
    'given name',
    'nombre completo',
    'nombres',
    'nombre y apellidos',
    'trabajador',
    'trabajadora',
    'empleado',
    'compañero',
    'compañera',
    'nombre de pila',
    'persona',
    'contact name',
    'person',
  ],
  lastName: [
    'last name',
    'surname',
    'family name',
    'apellido',
    'apellidos',
    'primer apellido',
    'segundo apellido',
    'apellido paterno',
    'apellido materno',
  ],
  codeName: ['code name', 'codename', 'nickname', 'alias', 'apodo', 'mote', 'sobrenombre', 'nombre clave'],
  unit: [
    'unit',
    'department',
    'dept',
    'area',
    'section',
    'team',
    'work area',
    'line',
    'departamento',
    'seccion',
    'sección',
    'equipo',
    'area de trabajo',
    'unidad',
    'linea',
    'depto',
    'dpto',
    'sector',
    'planta',
    'nave',
    'division',
  ],
  shift: ['shift', 'shifts', 'turno', 'turnos', 'horario', 'schedule', 'jornada', 'turno de trabajo'],
  jobTitle: [
    'job title',
    'job',
    'title',
    'position',
    'role',
    'occupation',
    'puesto',
    'cargo',
    'ocupacion',
    'categoria',
    'oficio',
  ],
  phone: [
    'phone',
    'phone number',
    'mobile',
    'cell',
    'cell phone',
    'telephone',
    'tel',
    'telefono',
    'celular',
    'movil',
    'telefono movil',
    'telefono celular',
    'numero de telefono',
    'num telefono',
    'tlf',
    'tfno',
    'telf',
    'mobile phone',
    'mobile number',
    'cell number',
  ],
  email: ['email', 'e mail', 'email address', 'mail', 'correo', 'correo electronico', 'e correo'],
  signal: ['signal'],
  whatsapp: ['whatsapp', 'whats app', 'wa'],
  otherContact: ['other contact', 'contact', 'otro contacto', 'contacto'],
  assessment: [
    'assessment',
    'rating',
    'support',
    'support level',
    'assessment 1 5',
    'score',
    'grade',
    'support rating',
    'evaluacion',
    'valoracion',
    'nivel de apoyo',
    'apoyo',
    'calificacion',
    'clasificacion',
    'puntuacion',
    'puntaje',
    'grado de apoyo',
    'postura',
  ],
  leader: ['leader', 'is leader', 'natural leader', 'lider', 'liderazgo'],
  committee: ['committee', 'oc', 'organizing committee', 'comite', 'comite organizador'],
  card: [
    'card signed',
    'card',
    'signed card',
    'signed',
    'union card',
    'tarjeta firmada',
    'tarjeta',
    'firmo tarjeta',
    'firmada',
    'firmo',
  ],
  cardDate: [
    'card date',
    'date signed',
    'signed on',
    'card signed on',
    'card signed date',
    'date card signed',
    'signature date',
    'fecha de tarjeta',
    'fecha de la tarjeta',
    'fecha firma',
    'fecha de firma',
    'fecha firma tarjeta',
    'fecha en que firmo',
  ],
  tags: ['tags', 'tag', 'labels', 'etiquetas', 'etiqueta'],
  language: ['language', 'languages', 'idioma', 'lengua'],
  nextStep: ['next step', 'follow up', 'next action', 'proximo paso', 'seguimiento', 'siguiente paso'],
  nextStepDue: [
    'next step due',
    'follow up date',
    'due',
    'due date',
    'fecha del proximo paso',
    'fecha de seguimiento',
    'fecha limite',
  ],
  notes: [
    'notes',
    'note',
    'comments',
    'comment',
    'remarks',
    'notas',
    'nota',
    'comentarios',
    'comentario',
    'observaciones',
    'observacion',
    'apuntes',
  ],
};

/**
 * Fields that may fill from several columns (values are combined: contacts and tags added, notes
 * and last names joined). Only these are also guessed from a title that merely starts with a known
 * one ("Teléfono 2", "Apellido 2", "Email (work)"): for others, "Employee ID" is not "Employee".
 */
export const MULTI_FIELDS: ReadonlySet<FieldKey> = new Set<FieldKey>([
  'lastName',
  'phone',
  'email',
  'signal',
  'whatsapp',
  'otherContact',
  'tags',
  'notes',
]);

/** A header reduced for comparison: no accents, case, punctuation or extra spaces. */
export function headerKey(title: string): string {
  return normalizeSearch(title.replace(/[^\p{L}\p{N}]+/gu, ' '));
}

/**
 * Little words that real titles add or leave out ("Fecha tarjeta" / "Fecha de la tarjeta",
 * "Date of signing"): dropped for a second, looser comparison. Not "no"/"nº": "Nº empleado" is an
 * employee number, not the employee.
 */
const FILLER = new Set(['de', 'del', 'la', 'el', 'los', 'las', 'y', 'en', 'of', 'the', 'and', 'a']);
const looseKey = (key: string) =>
  key
    .split(' ')
    .filter((w) => !FILLER.has(w))
    .join(' ');

const EXACT = new Map<string, FieldKey>();
const LOOSE = new Map<string, FieldKey>();
for (const field of FIELDS) {
  for (const title of [HEADERS.en[field], HEADERS.es[field], ...SYNONYMS[field]]) {
    const key = headerKey(title);
    if (!EXACT.has(key)) EXACT.set(key, field);
    const loose = looseKey(key);
    if (loose && !LOOSE.has(loose)) LOOSE.set(loose, field);
  }
}

/** The field a column title suggests, or `null`. */
export function guessField(title: string): FieldKey | null {
  const key = headerKey(title);
  if (!key) return null;
  // "Calificación (1-5)", "Rating 1-10": a scale after the title says nothing about the field.
  const bare = key.replace(/ \d+ \d+$/, '');
  const exact = EXACT.get(key) ?? EXACT.get(bare) ?? LOOSE.get(looseKey(bare));
  if (exact) return exact;
  // "Email address (work)", "Teléfono 1": the longest known title that starts the header.
  let best: { field: FieldKey; length: number } | null = null;
  for (const [known, field] of EXACT) {
    if (MULTI_FIELDS.has(field) && key.startsWith(`${known} `) && (!best || known.length > best.length)) {
      best = { field, length: known.length };
    }
  }
  return best?.field ?? null;
}

/**
 * Automatic mapping for a table's columns: each field is guessed for one column only, except the
 * `MULTI_FIELDS`.
 * @example guessMapping(['Nombre', 'Apellidos', 'Teléfono', 'Área']) // ['name','lastName','phone','unit']
 */
export function guessMapping(columns: readonly string[]): (ColumnUse | null)[] {
  const used = new Set<FieldKey>();
  return columns.map((title) => {
    const field = guessField(title);
    if (!field || (used.has(field) && !MULTI_FIELDS.has(field))) return null;
    used.add(field);
    return field;
  });
}
