/**
 * Words of the respondent page, in English and Spanish, following the device language. Separate
 * from the app's i18n (src/ui/i18n) because this page must not load the app. Plain text only.
 */

const en = {
  'page.title': 'Anonymous survey',
  loading: 'Opening the survey…',
  'invalid.title': 'This link does not work',
  'invalid.body':
    'The survey link is incomplete or damaged. Ask the person who gave it to you for a new one.',
  notYet: 'This survey opens on {date}. Come back then with the same link.',
  closed: 'This survey closed on {date}. Thank you for your interest.',
  'privacy.title': 'What is anonymous here',
  'privacy.locked':
    'Your answers are locked (encrypted) on this phone before they leave it. Only the organizing committee can unlock them, and nothing sent with them says who you are: no name, no account, no phone details, no time.',
  'privacy.totals':
    'The committee sees results only as totals, and only once at least {k} people have answered — also for each unit or shift.',
  'privacy.notTitle': 'What is not anonymous',
  'privacy.network':
    'The server that keeps your locked answers until the committee collects them sees the internet connection they came from and when they were sent, like any website. It stores only the day. If that worries you, answer later from another network, or ask for a paper form.',
  'privacy.text':
    'What you write in your own words can give you away (details, the way you write). Leave it out if you are unsure.',
  'privacy.small':
    'If only a few people in your unit or shift answer, it is easier to guess who said what. Skip the unit and shift questions if you prefer.',
  'privacy.phone':
    'Someone with your phone can see that you opened this link (it is in your browser history).',
  required: 'required',
  optional: 'optional',
  'single.help': 'Choose one.',
  'multiple.help': 'Choose any that apply.',
  'scale.help': '1 = not at all, 5 = very much.',
  'scale.low': 'not at all',
  'scale.high': 'very much',
  'ranking.help': 'Tap the options in order, most important first.',
  'ranking.rank': 'Rank {n}',
  'ranking.clear': 'Start the ranking again',
  'ranking.unranked': 'not ranked',
  'text.warning':
    'Careful: words you write yourself can identify you. Do not mention names, dates or details only you would know.',
  'unit.label': 'Where do you work?',
  'shift.label': 'Which shift do you work?',
  'group.skip': 'I prefer not to say',
  'group.help': 'Used only to show results by group, and only for groups of at least {k} people.',
  'code.label': 'Your answer code',
  'code.help': 'The code on the card you were handed. Each code works once.',
  send: 'Send my answers',
  sending: 'Locking your answers…',
  problems: 'Please check the questions marked below.',
  'problem.required': 'This question needs an answer.',
  'problem.invalid': 'This answer is not valid.',
  'problem.too-long': 'This answer is too long.',
  'problem.code.invalid': 'This does not look like an answer code (10 letters and numbers).',
  'waiting.title': 'Not sent yet: kept on this phone',
  'waiting.body':
    'Your answers are locked and stored on this phone until someone from the committee is reachable. Keep this page open, or open the same link again later: it will send by itself. Nobody can read them here.',
  connecting: 'Sending…',
  noPeer: 'Nobody from the committee is reachable yet. Trying again…',
  'sendingSoon.title': 'Sending your locked answers',
  'sendingSoon.body':
    'Your answers are locked (encrypted) on this phone; nobody can read them here. Keep this page open until it says they arrived.',
  'status.delaying':
    'Waiting a few seconds before sending, on purpose: a random delay makes it harder to tell who answered from when the answers arrive.',
  'status.connecting': 'Looking for the committee…',
  'sent.title': 'Thank you — your answers arrived',
  'sent.body': 'They were removed from this phone. You can close this page.',
  'codeUsed.title': 'This code was already used',
  'codeUsed.body': 'Your answers were not counted because someone already answered with this code.',
  'codeUnknown.title': 'This code is not valid for this survey',
  'codeUnknown.body': 'Your answers were not counted. Check the code on your card and answer again.',
  'closedLate.title': 'The survey closed before your answers arrived',
  'closedLate.body': 'Your answers were not counted.',
  another: 'Answer again with another code',
  queued: '{n} answer(s) from this phone are waiting to send.',
  'error.crypto': 'This browser cannot lock (encrypt) your answers. Try an up-to-date browser.',
  'notLive.title': 'This survey is not open yet',
  'notLive.body': 'The committee has not put this survey online yet. Try the same link again later.',
  'unreachable.title': 'The survey cannot be reached',
  'unreachable.body':
    'The server that holds the survey does not answer. Check your internet connection and try again.',
  tryAgain: 'Try again',
  'insecure.title': 'This link must be opened over a secure connection',
  'insecure.body':
    'Your answers are locked (encrypted) on your phone before they leave it, and browsers allow that only on secure pages, whose address starts with https://. This page was opened at {origin}, which is not secure, so it cannot lock your answers. Nothing was sent. Ask the person who gave you the link for one that starts with https://.',
  'insecure.noCrypto':
    'This browser cannot lock (encrypt) your answers. Update it, or open the link in an up-to-date Chrome, Firefox or Safari. Nothing was sent.',
  closedNow: 'This survey is closed. Thank you for your interest.',
  'mailbox.sending': 'Sending your locked answers…',
  'mailbox.sent.title': 'Sent — you can close this page',
  'mailbox.sent.body':
    'The server has your answers, locked: only the committee can open them. Nothing of them is left on this phone.',
  'mailbox.offline.title': 'Not sent yet',
  'mailbox.offline.status': 'The server cannot be reached right now. Trying again…',
  'mailbox.offline.body':
    'Your answers are locked (encrypted) and kept on this phone only in that form — nobody can read them here. Keep this page open, or open the same link again later: they will be sent by themselves.',
} as const;

type Key = keyof typeof en;

const es: Record<Key, string> = {
  'page.title': 'Encuesta anónima',
  loading: 'Abriendo la encuesta…',
  'invalid.title': 'Este enlace no funciona',
  'invalid.body': 'El enlace de la encuesta está incompleto o dañado. Pide uno nuevo a quien te lo dio.',
  notYet: 'Esta encuesta abre el {date}. Vuelve ese día con el mismo enlace.',
  closed: 'Esta encuesta cerró el {date}. Gracias por tu interés.',
  'privacy.title': 'Qué es anónimo aquí',
  'privacy.locked':
    'Tus respuestas se cierran con llave (se cifran) en este teléfono antes de salir. Solo el comité organizador puede abrirlas, y nada de lo que se envía dice quién eres: ni nombre, ni cuenta, ni datos del teléfono, ni la hora.',
  'privacy.totals':
    'El comité ve los resultados solo como totales, y solo cuando han respondido al menos {k} personas — también por cada unidad o turno.',
  'privacy.notTitle': 'Qué no es anónimo',
  'privacy.network':
    'El servidor que guarda tus respuestas cerradas con llave hasta que el comité las recoge ve la conexión a internet de la que vinieron y cuándo se enviaron, como cualquier sitio web. Solo guarda el día. Si eso te preocupa, responde más tarde desde otra red o pide un formulario en papel.',
  'privacy.text':
    'Lo que escribes con tus propias palabras puede delatarte (detalles, tu forma de escribir). Si dudas, no lo escribas.',
  'privacy.small':
    'Si responden pocas personas de tu unidad o turno, es más fácil adivinar quién dijo qué. Puedes saltarte las preguntas de unidad y turno.',
  'privacy.phone':
    'Alguien con tu teléfono puede ver que abriste este enlace (queda en el historial del navegador).',
  required: 'obligatoria',
  optional: 'opcional',
  'single.help': 'Elige una.',
  'multiple.help': 'Elige todas las que correspondan.',
  'scale.help': '1 = nada, 5 = muchísimo.',
  'scale.low': 'nada',
  'scale.high': 'muchísimo',
  'ranking.help': 'Toca las opciones en orden, la más importante primero.',
  'ranking.rank': 'Puesto {n}',
  'ranking.clear': 'Empezar el orden de nuevo',
  'ranking.unranked': 'sin puesto',
  'text.warning':
    'Cuidado: lo que escribes tú mismo puede identificarte. No menciones nombres, fechas ni detalles que solo tú sabrías.',
  'unit.label': '¿Dónde trabajas?',
  'shift.label': '¿En qué turno trabajas?',
  'group.skip': 'Prefiero no decirlo',
  'group.help': 'Solo sirve para mostrar resultados por grupo, y solo de grupos de al menos {k} personas.',
  'code.label': 'Tu código de respuesta',
  'code.help': 'El código de la tarjeta que te dieron. Cada código sirve una vez.',
  send: 'Enviar mis respuestas',
  sending: 'Cerrando tus respuestas con llave…',
  problems: 'Revisa las preguntas marcadas abajo.',
  'problem.required': 'Esta pregunta necesita una respuesta.',
  'problem.invalid': 'Esta respuesta no es válida.',
  'problem.too-long': 'Esta respuesta es demasiado larga.',
  'problem.code.invalid': 'Esto no parece un código de respuesta (10 letras y números).',
  'waiting.title': 'Aún sin enviar: guardadas en este teléfono',
  'waiting.body':
    'Tus respuestas están cifradas y guardadas en este teléfono hasta que alguien del comité esté disponible. Deja esta página abierta o vuelve a abrir el mismo enlace más tarde: se enviarán solas. Aquí nadie puede leerlas.',
  connecting: 'Enviando…',
  noPeer: 'Todavía no se puede llegar a nadie del comité. Volviendo a intentar…',
  'sendingSoon.title': 'Enviando tus respuestas cerradas con llave',
  'sendingSoon.body':
    'Tus respuestas están cerradas con llave (cifradas) en este teléfono; aquí nadie puede leerlas. Deja esta página abierta hasta que diga que llegaron.',
  'status.delaying':
    'Esperando unos segundos antes de enviar, a propósito: un retraso al azar hace más difícil saber quién respondió por la hora en que llegan las respuestas.',
  'status.connecting': 'Buscando al comité…',
  'sent.title': 'Gracias — tus respuestas llegaron',
  'sent.body': 'Se borraron de este teléfono. Puedes cerrar esta página.',
  'codeUsed.title': 'Este código ya se usó',
  'codeUsed.body': 'Tus respuestas no se contaron porque alguien ya respondió con este código.',
  'codeUnknown.title': 'Este código no vale para esta encuesta',
  'codeUnknown.body': 'Tus respuestas no se contaron. Revisa el código de tu tarjeta y responde de nuevo.',
  'closedLate.title': 'La encuesta cerró antes de que llegaran tus respuestas',
  'closedLate.body': 'Tus respuestas no se contaron.',
  another: 'Responder de nuevo con otro código',
  queued: '{n} respuesta(s) de este teléfono esperan para enviarse.',
  'error.crypto': 'Este navegador no puede cifrar tus respuestas. Prueba con un navegador actualizado.',
  'notLive.title': 'Esta encuesta aún no está abierta',
  'notLive.body':
    'El comité todavía no ha puesto esta encuesta en línea. Vuelve a abrir el mismo enlace más tarde.',
  'unreachable.title': 'No se puede llegar a la encuesta',
  'unreachable.body':
    'El servidor que guarda la encuesta no responde. Revisa tu conexión a internet y vuelve a intentarlo.',
  tryAgain: 'Volver a intentar',
  'insecure.title': 'Este enlace debe abrirse con una conexión segura',
  'insecure.body':
    'Tus respuestas se cierran con llave (se cifran) en tu teléfono antes de salir, y los navegadores solo lo permiten en páginas seguras, cuya dirección empieza por https://. Esta página se abrió en {origin}, que no es segura, así que no puede cerrar tus respuestas. No se envió nada. Pide a quien te dio el enlace uno que empiece por https://.',
  'insecure.noCrypto':
    'Este navegador no puede cerrar con llave (cifrar) tus respuestas. Actualízalo o abre el enlace en un Chrome, Firefox o Safari al día. No se envió nada.',
  closedNow: 'Esta encuesta está cerrada. Gracias por tu interés.',
  'mailbox.sending': 'Enviando tus respuestas cerradas con llave…',
  'mailbox.sent.title': 'Enviado — puedes cerrar esta página',
  'mailbox.sent.body':
    'El servidor tiene tus respuestas, cerradas con llave: solo el comité puede abrirlas. No queda nada de ellas en este teléfono.',
  'mailbox.offline.title': 'Todavía no se ha enviado',
  'mailbox.offline.status': 'Ahora mismo no se puede llegar al servidor. Volviendo a intentar…',
  'mailbox.offline.body':
    'Tus respuestas están cifradas y guardadas en este teléfono solo de esa forma: aquí nadie puede leerlas. Deja esta página abierta o vuelve a abrir el mismo enlace más tarde: se enviarán solas.',
};

/** The page language: the first of the device's languages that we have, else English. */
export function pageLang(languages: readonly string[] = globalThis.navigator?.languages ?? []): 'en' | 'es' {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

const table: Record<Key, string> = pageLang() === 'es' ? es : en;

/** Translates `key`, filling `{name}` placeholders with text. */
export function t(key: Key, params?: Record<string, string | number>): string {
  const template = table[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type { Key as RespondKey };
