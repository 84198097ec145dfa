/**
 * Strings of the campaign's numbers: the bargaining unit (the denominator of every percentage and
 * threshold), the cards and per-unit charts on home, and progress over time.
 */
import { defineMessages } from '../kit/i18n/define';

export const counts = defineMessages(
  {
    'counts.base.set': '{size}',
    'counts.base.estimate': '~{size} (est.)',
    'counts.base.known': '{size} known',
    'counts.nOf': '{n} of {base}',
    'counts.pctOf': '{pct}% of {base}',
    'counts.known': '{n} known',
    'counts.knownOfBase': 'known, of {base}',
    'counts.unit.set': 'Bargaining unit: {size}, set by the committee.',
    'counts.unit.estimate': 'Bargaining unit: ~{size} (est.), the units’ headcount estimates added up.',
    'counts.unit.known':
      'Bargaining unit: no size yet, so percentages are of the {size} people known. Set the size for real numbers.',
    'counts.unit.outdated': 'More people are known ({known}) than the {figure} given: update the size.',
    'counts.unit.set.link': 'Change the bargaining unit size',
    'counts.unit.unset.link': 'Set the bargaining unit size',

    'counts.cardsSummary': '{signed} cards signed of {base} ({pct}%).',
    'counts.cardsSummary.one': '1 card signed of {base} ({pct}%).',
    'counts.th.pct': '{pct}%',
    'counts.th.majority': 'Majority',
    'counts.th.line': '{label}: {required} cards of {base}',
    'counts.th.togo': '{n} to go',
    'counts.th.togo.one': '1 to go',
    'counts.th.reached': 'reached',
    'counts.th.title': 'Thresholds',

    'counts.unitRow': '{cards} cards, {pct}% of {base}',
    'counts.unitRow.one': '1 card, {pct}% of {base}',
    'counts.col.known': 'Known',
    'counts.col.base': 'Counted of',
    'counts.col.assessed': 'Assessed',
    'counts.col.supportive': 'Supportive (1–2)',
    'counts.col.cards': 'Cards',

    'counts.editor.title': 'Bargaining unit',
    'counts.editor.help':
      'How many coworkers the union would represent. Card percentages and the 30%, majority and 65% thresholds on home and on the map are counted against this number. Leave it blank to use the units’ estimates added up.',
    'counts.editor.label': 'People in the bargaining unit',
    'counts.editor.save': 'Save size',
    'counts.editor.clear': 'Use the units’ estimates',
    'counts.editor.saved': 'Bargaining unit set to {size}.',
    'counts.editor.cleared': 'Now counting against the units’ estimates.',
    'counts.error.not-a-number': 'Enter a number of people, like 120.',
    'counts.error.negative': 'The size cannot be negative.',
    'counts.error.not-whole': 'Enter a whole number of people.',
    'counts.error.too-large': 'That is more than {max} people.',

    'progress.title': 'Progress by week',
    'progress.scope': 'Show',
    'progress.all': 'Whole workplace',
    'progress.cards': 'Cards signed, total at the end of each week',
    'progress.assessments': 'People assessed at the end of each week',
    'progress.summary':
      'Cards signed: {cards} of {base}. This week: new cards {newCards}, ratings recorded {ratings}.',
    'progress.table': 'Numbers by week',
    'progress.col.week': 'Week of',
    'progress.col.cards': 'Cards (new, withdrawn)',
    'progress.col.assessed': 'Assessed (supportive)',
    'progress.col.ratings': 'Ratings recorded',
    'progress.cell.cards': '{cards} (+{newCards}, −{withdrawn})',
    'progress.cell.assessed': '{assessed} ({supportive})',
    'progress.note':
      'Rebuilt from the dates cards were signed and ratings were recorded. People count in the unit they are in now.',
    'progress.line': '65% of {base}',
    'counts.opening': 'Opening the campaign…',
    'counts.openingHelp':
      'These figures are from when the campaign was last saved on this phone. The rest of home, and everything you can change, shows as soon as it is open.',
  },
  {
    'counts.base.set': '{size}',
    'counts.base.estimate': '~{size} (est.)',
    'counts.base.known': '{size} conocidas',
    'counts.nOf': '{n} de {base}',
    'counts.pctOf': '{pct}% de {base}',
    'counts.known': '{n} conocidas',
    'counts.knownOfBase': 'conocidas, de {base}',
    'counts.unit.set': 'Unidad de negociación: {size}, fijada por el comité.',
    'counts.unit.estimate':
      'Unidad de negociación: ~{size} (est.), la suma de las plantillas estimadas de las áreas.',
    'counts.unit.known':
      'Unidad de negociación: aún sin tamaño, así que los porcentajes son de las {size} personas conocidas. Fija el tamaño para tener cifras reales.',
    'counts.unit.outdated':
      'Hay más personas conocidas ({known}) que las {figure} indicadas: actualiza el tamaño.',
    'counts.unit.set.link': 'Cambiar el tamaño de la unidad de negociación',
    'counts.unit.unset.link': 'Fijar el tamaño de la unidad de negociación',

    'counts.cardsSummary': '{signed} tarjetas firmadas de {base} ({pct}%).',
    'counts.cardsSummary.one': '1 tarjeta firmada de {base} ({pct}%).',
    'counts.th.pct': '{pct}%',
    'counts.th.majority': 'Mayoría',
    'counts.th.line': '{label}: {required} tarjetas de {base}',
    'counts.th.togo': 'faltan {n}',
    'counts.th.togo.one': 'falta 1',
    'counts.th.reached': 'alcanzado',
    'counts.th.title': 'Umbrales',

    'counts.unitRow': '{cards} tarjetas, {pct}% de {base}',
    'counts.unitRow.one': '1 tarjeta, {pct}% de {base}',
    'counts.col.known': 'Conocidas',
    'counts.col.base': 'Contado sobre',
    'counts.col.assessed': 'Evaluadas',
    'counts.col.supportive': 'A favor (1–2)',
    'counts.col.cards': 'Tarjetas',

    'counts.editor.title': 'Unidad de negociación',
    'counts.editor.help':
      'Cuántos compañeros representaría el sindicato. Los porcentajes de tarjetas y los umbrales del 30 %, la mayoría y el 65 % en el inicio y en el mapa se cuentan sobre este número. Déjalo vacío para usar la suma de las estimaciones de las áreas.',
    'counts.editor.label': 'Personas en la unidad de negociación',
    'counts.editor.save': 'Guardar tamaño',
    'counts.editor.clear': 'Usar las estimaciones de las áreas',
    'counts.editor.saved': 'Unidad de negociación fijada en {size}.',
    'counts.editor.cleared': 'Ahora se cuenta sobre las estimaciones de las áreas.',
    'counts.error.not-a-number': 'Escribe un número de personas, por ejemplo 120.',
    'counts.error.negative': 'El tamaño no puede ser negativo.',
    'counts.error.not-whole': 'Escribe un número entero de personas.',
    'counts.error.too-large': 'Son más de {max} personas.',

    'progress.title': 'Avance por semana',
    'progress.scope': 'Mostrar',
    'progress.all': 'Todo el centro de trabajo',
    'progress.cards': 'Tarjetas firmadas, total al final de cada semana',
    'progress.assessments': 'Personas evaluadas al final de cada semana',
    'progress.summary':
      'Tarjetas firmadas: {cards} de {base}. Esta semana: tarjetas nuevas {newCards}, evaluaciones registradas {ratings}.',
    'progress.table': 'Cifras por semana',
    'progress.col.week': 'Semana del',
    'progress.col.cards': 'Tarjetas (nuevas, retiradas)',
    'progress.col.assessed': 'Evaluadas (a favor)',
    'progress.col.ratings': 'Evaluaciones registradas',
    'progress.cell.cards': '{cards} (+{newCards}, −{withdrawn})',
    'progress.cell.assessed': '{assessed} ({supportive})',
    'progress.note':
      'Reconstruido a partir de las fechas de firma de las tarjetas y de registro de las evaluaciones. Cada persona cuenta en el área donde está ahora.',
    'progress.line': '65% de {base}',
    'counts.opening': 'Abriendo la campaña…',
    'counts.openingHelp':
      'Estas cifras son de la última vez que la campaña se guardó en este teléfono. El resto del inicio, y todo lo que se puede cambiar, aparece en cuanto esté abierta.',
  },
);
