import { defineMessages } from '../kit/i18n/define';

/** Strings of open invites (revoking them), pairing one's own other phone, and refused links. */
export const invites = defineMessages(
  {
    'invites.title': 'Open invites',
    'invites.none': 'No invite link is open right now.',
    'invites.by': 'Made by {name}, {when}',
    'invites.expires': 'Works until {when}',
    'invites.oneUnused': 'One phone only, not used yet',
    'invites.many': 'Any number of phones, used by {n}',
    'invites.legacy': 'Lets in the members this campaign had before signed membership',
    'invites.revoke': 'Revoke',
    'invites.revokeLabel': 'Revoke the invite made by {name}, {when}',
    'invites.revoked': 'Invite revoked. Nobody can join with it anymore.',
    'invites.revokeHelp':
      'Revoking stops new phones from joining with the link. If it may have reached someone you do not trust, also change the key: the link carries it.',
    'pair.title': 'Your other phone',
    'pair.help':
      'Use this campaign on a second phone of yours. It shows under your name, with its own safety words.',
    'pair.start': 'Add my other phone',
    'pair.making': 'Making the link…',
    'pair.warning':
      'Open this on your own other phone only. It works once, for 24 hours. Whoever opens it joins as you.',
    'pair.qr': 'Pairing code to scan with your other phone',
    'pair.link': 'Pairing link',
    'pair.waiting': 'Keep the app open on both phones until your other phone shows up under your name.',
    'pair.added': 'Your other phone is added: {name}.',
    'pair.again': 'Add another phone',
    'pair.hide': 'Hide pairing link',
    'pair.error.too-many-devices': 'You already have 5 phones in this campaign. Remove one first.',
    'pair.joining': 'Waiting for your other phone to add this one… Keep the app open on both phones.',
    'join.refused.invite-revoked':
      'This invite was revoked by an admin. This phone is not in the campaign. Ask an admin, in person, for a new invite.',
    'join.refused.invite-expired':
      'This invite has expired. This phone is not in the campaign. Ask an admin, in person, for a new invite.',
    'join.refused.invite-used':
      'This invite was for one phone and another phone already used it. This phone is not in the campaign. Ask an admin, in person, for a new invite.',
    'join.refused.pairing-expired':
      'This pairing link has expired. Make a new one on your other phone (Sharing → Add my other phone).',
  },
  {
    'invites.title': 'Invitaciones abiertas',
    'invites.none': 'Ahora no hay ningún enlace de invitación abierto.',
    'invites.by': 'Creada por {name}, {when}',
    'invites.expires': 'Sirve hasta {when}',
    'invites.oneUnused': 'Un solo teléfono, aún sin usar',
    'invites.many': 'Cualquier número de teléfonos, usada por {n}',
    'invites.legacy': 'Deja entrar a los miembros que tenía la campaña antes de la membresía firmada',
    'invites.revoke': 'Revocar',
    'invites.revokeLabel': 'Revocar la invitación creada por {name}, {when}',
    'invites.revoked': 'Invitación revocada. Ya nadie puede entrar con ella.',
    'invites.revokeHelp':
      'Revocar impide que nuevos teléfonos entren con el enlace. Si pudo llegar a alguien de quien no te fías, cambia también la llave: el enlace la lleva.',
    'pair.title': 'Tu otro teléfono',
    'pair.help':
      'Usa esta campaña en un segundo teléfono tuyo. Aparece bajo tu nombre, con sus propias palabras de seguridad.',
    'pair.start': 'Añadir mi otro teléfono',
    'pair.making': 'Creando el enlace…',
    'pair.warning':
      'Ábrelo solo en tu propio otro teléfono. Sirve una vez, durante 24 horas. Quien lo abra entra como tú.',
    'pair.qr': 'Código para escanear con tu otro teléfono',
    'pair.link': 'Enlace para emparejar',
    'pair.waiting': 'Mantén la app abierta en los dos teléfonos hasta que el otro aparezca bajo tu nombre.',
    'pair.added': 'Tu otro teléfono ya está añadido: {name}.',
    'pair.again': 'Añadir otro teléfono',
    'pair.hide': 'Ocultar enlace para emparejar',
    'pair.error.too-many-devices': 'Ya tienes 5 teléfonos en esta campaña. Quita uno primero.',
    'pair.joining':
      'Esperando a que tu otro teléfono añada este… Mantén la app abierta en los dos teléfonos.',
    'join.refused.invite-revoked':
      'Un admin revocó esta invitación. Este teléfono no está en la campaña. Pide a un admin, en persona, una invitación nueva.',
    'join.refused.invite-expired':
      'Esta invitación caducó. Este teléfono no está en la campaña. Pide a un admin, en persona, una invitación nueva.',
    'join.refused.invite-used':
      'Esta invitación era para un solo teléfono y otro ya la usó. Este teléfono no está en la campaña. Pide a un admin, en persona, una invitación nueva.',
    'join.refused.pairing-expired':
      'Este enlace para emparejar caducó. Crea uno nuevo en tu otro teléfono (Compartir → Añadir mi otro teléfono).',
  },
);
