import { defineMessages } from '../kit/i18n/define';

/** Strings of sharing, sync status, invites, joining and members. */
export const sharing = defineMessages(
  {
    'sharing.title': 'Sharing',
    'sharing.onlyHere': 'This campaign is only on this phone. Nobody else can see it.',
    'sharing.status': 'Sync status',
    'sharing.connected': 'Connected with {n} member device(s)',
    'sharing.connecting': 'Looking for members…',
    'sharing.offline': 'Not syncing',
    'sharing.noName': 'Choose a device name to start sharing this campaign.',
    'sharing.peers': 'Connected devices',
    'sharing.lastSynced': 'Last synced with someone: {when}',
    'sharing.neverSynced': 'Not synced with anyone yet.',
    'sharing.unsent': 'Your latest changes have not reached any other member yet.',
    'sharing.allSent': 'Your changes have reached at least one other member.',
    'sharing.rejected': '{n} update(s) from other devices were refused and not applied ({reason}).',
    'sharing.rejectedSlow':
      'The last one could not be checked in time and was refused, so this phone stays usable. If this keeps happening, a member’s device may be sending damaged or hostile data.',
    'sharing.rejectedAuthor':
      'The last one was not signed by the member device it names (unsigned, a wrong signature, or a device not in the member list, e.g. a removed one). Someone with the campaign key may be writing in another member’s name.',
    'sharing.reconnect': 'Reconnect',
    'sharing.deviceName': 'This device’s name',
    'sharing.deviceHelp': 'Members see only this name. Use something that does not identify you to the boss.',
    'sharing.saveName': 'Save name',
    'sharing.invite': 'Invite someone',
    'sharing.inviteWarning':
      'This code is the key to the whole campaign. Show it only in person, only to a coworker you trust. Never send it by text, email or chat.',
    'sharing.inviteQr': 'Invite code to scan',
    'sharing.inviteLink': 'Invite link',
    'sharing.copy': 'Copy link',
    'sharing.copied': 'Copied.',
    'sharing.hideInvite': 'Hide invite',
    'sharing.members': 'Members',
    'sharing.you': 'this device',
    'sharing.joined': 'joined {when}',
    'sharing.remove': 'Remove',
    'sharing.removeConfirm':
      'Remove {name}? The campaign moves to a new key that only the remaining members get. What {name} already has cannot be taken back.',
    'sharing.removeUndoFirst':
      'To undo what {name} changed, open their activity first: after the removal the campaign starts over under the new key, and their past changes can no longer be undone one by one (restore points still work).',
    'sharing.removeYes': 'Yes, remove',
    'sharing.removed':
      'Removed. The campaign now uses a new key. What they already had cannot be taken back.',
    'sharing.youWereRemoved':
      'Another member removed this device from the campaign. You keep what you had, but nothing new will reach you.',
    'sharing.moved': '{name} moved the campaign to a new key after removing a member. This device followed.',
    'sharing.conflict':
      'Members removed people at the same time and the campaign split. Talk to your committee.',
    'sharing.network': 'Servers',
    'sharing.signaling': 'Signaling servers (one per line)',
    'sharing.signalingHelp':
      'They only introduce devices to each other and never see campaign data. Default: the server this app came from.',
    'sharing.ice': 'STUN/TURN servers (optional, one per line)',
    'sharing.iceHelp':
      'Needed only when members are on different networks that block direct connections (e.g. mobile data behind carrier NAT). Empty by default: nothing is contacted. Format: stun:host:port or turn:host:port user password.',
    'sharing.saveServers': 'Save servers',
    'sharing.serversSaved': 'Saved. Reconnecting.',
    'sharing.latestHere': 'Your latest changes are only on this phone.',
    'sharing.latestMailbox':
      'Your latest changes are in the mailbox. Members get them when they open the app.',
    'sharing.latestSeen': 'Your latest changes were seen by {n} member(s).',
    'sharing.mailboxLive': 'Mailbox: connected. Changes reach members even when their phones are closed.',
    'sharing.mailboxConnecting': 'Mailbox: connecting to the server…',
    'sharing.mailboxCatchingUp': 'Mailbox: catching up…',
    'sharing.mailboxOffline':
      'Can’t reach the server. Your changes wait safely on this phone and go out once it can be reached.',
    'sharing.mailboxError': 'The server refused the mailbox ({code}). Your changes stay on this phone.',
    'sharing.mailboxQuota':
      'The server’s mailbox for this campaign is full. Nothing is lost on this phone, and changes still go phone to phone. To free space, ask whoever runs the server to raise the mailbox limit; the committee can also switch the campaign to direct only.',
    'sharing.mailboxOff': 'Direct only: nothing of this campaign is stored on the server.',
    'sharing.direct': 'Phone to phone',
    'sharing.directUnavailable':
      'This browser cannot connect phone to phone. Everything goes through the mailbox.',
    'sharing.directOnly': 'Direct only (no mailbox)',
    'sharing.directOnlyHelp':
      'The committee decides this for the whole campaign. With direct only, changes reach members only while both phones are open on a network where they can reach each other; nothing is stored on the server.',
    'sharing.directOnlySaved': 'Saved for every member. Reconnecting.',
    'sharing.advanced': 'Advanced: servers',
    'sharing.servers': 'Servers of this campaign (one address per line)',
    'sharing.serversHelp':
      'The mailbox lives there: it keeps only sealed changes it cannot read, until members pick them up. Invites you show carry this list. Default: the server this app came from.',
    'arriving.percent': 'Receiving the campaign… {n}%',
    'arriving.receiving': 'Receiving the campaign…',
    'arriving.waiting': 'Waiting for a member or the server…',
    'arriving.help': 'A big campaign can take a moment. Keep the app open.',
    'arriving.waitingHelp':
      'The campaign arrives as soon as another member’s phone is online or the server can be reached. Keep the app open.',
    'join.title': 'Join a campaign',
    'join.intro': 'You were invited to join “{name}”. Its data will be copied to this phone, encrypted.',
    'join.invitedFirst':
      'You were invited to join “{name}”. First choose a passphrase for Shopfloor on this phone; next you name this device and join.',
    'join.deviceName': 'Name for this device',
    'join.submit': 'Join campaign',
    'join.joining': 'Joining…',
    'join.bad': 'This invite link is not valid ({code}). Ask for the code to be shown again.',
    'join.waiting': 'Joined. The campaign’s data arrives as soon as another member’s phone is online.',
    'members.wordsTitle': 'This phone’s safety words',
    'members.wordsHelp':
      'Meet the coworker in person and compare: their phone shows these six words under your name, in this order. If one word differs, do not trust that phone’s member list and tell an admin.',
    'members.wordsLabel': 'Safety words',
    'members.you': 'you',
    'members.thisPhone': 'this phone',
    'members.admin': 'Admin',
    'members.member': 'Member',
    'members.founder': 'started the campaign',
    'members.invitedBy': 'invited by {name}',
    'members.devices': '{n} device(s): {names}',
    'members.compare': 'Compare safety words',
    'members.activity': 'Activity: {name}',
    'members.remove': 'Remove {name}',
    'members.removeConfirm':
      'Remove {name} and all their devices ({devices})? The campaign’s key is changed, so they get nothing new. What they already have cannot be taken back.',
    'members.makeAdmin': 'Make admin',
    'members.makeMember': 'Make member',
    'members.makeAdminConfirm':
      'Make {name} an admin? Admins can invite people, remove anyone (you too) and change roles.',
    'members.makeMemberConfirm': 'Make {name} a member? They can no longer invite, remove or change roles.',
    'members.yes': 'Yes',
    'members.working': 'Working…',
    'members.adminsOnly': 'Only admins can invite or remove people. Ask an admin: {names}.',
    'members.joining': 'Waiting for the campaign’s member list… this phone joins once it arrives.',
    'members.removedBy':
      '{name} removed you from this campaign. This phone keeps what it had and gets nothing new.',
    'members.removedUnknown':
      'You were removed from this campaign. This phone keeps what it had and gets nothing new.',
    'members.untrusted':
      'Warning: the member list that arrived does not match your invite. Do not trust it or anything it says about who is in. Ask the person who invited you, in person.',
    'members.rekeyNeeded':
      'The campaign’s key should be changed, so that only the phones of current members can read new changes.',
    'members.rekey': 'Change the key now',
    'members.rekeyDone': 'Key changed. Only current members get new changes.',
    'members.refused': '{n} membership change(s) were refused: not signed by an admin.',
    'members.movedRemoved': '{by} removed {names}. The campaign moved to a new key; this phone followed.',
    'members.movedKey': '{by} changed the campaign’s key. This phone followed.',
    'members.inviteRole': 'They join as',
    'members.inviteAdminHelp': 'Admins can remove anyone, including you.',
    'members.singleUse': 'Works for one phone only',
    'members.expiry': 'Link works for',
    'members.days': '{n} day(s)',
    'members.makeLink': 'Make invite link',
    'members.makingLink': 'Making the link…',
    'members.inviteSummary': 'Joins as: {role}. {uses} Works for {days} day(s).',
    'members.oneUse': 'One phone only.',
    'members.manyUses': 'Any number of phones.',
    'members.error.not-admin': 'Only admins can do this.',
    'members.error.not-ready': 'The member list is not ready on this phone yet. Try again in a moment.',
    'members.error.unknown-person': 'That person is no longer in the member list.',
    'members.error.last-admin': 'The campaign needs at least one admin. Make someone else admin first.',
    'members.error.self': 'You cannot do this to yourself.',
    'members.error.offline-key':
      'This phone cannot change the key right now. Keep the app open and try again.',
  },
  {
    'sharing.title': 'Compartir',
    'sharing.onlyHere': 'Esta campaña solo está en este teléfono. Nadie más puede verla.',
    'sharing.status': 'Estado de sincronización',
    'sharing.connected': 'Conectado con {n} dispositivo(s) de miembros',
    'sharing.connecting': 'Buscando miembros…',
    'sharing.offline': 'Sin sincronizar',
    'sharing.noName': 'Elige un nombre para este dispositivo para empezar a compartir la campaña.',
    'sharing.peers': 'Dispositivos conectados',
    'sharing.lastSynced': 'Última sincronización: {when}',
    'sharing.neverSynced': 'Aún no se ha sincronizado con nadie.',
    'sharing.unsent': 'Tus últimos cambios aún no han llegado a ningún otro miembro.',
    'sharing.allSent': 'Tus cambios llegaron al menos a otro miembro.',
    'sharing.rejected':
      '{n} actualización(es) de otros dispositivos se rechazaron y no se aplicaron ({reason}).',
    'sharing.rejectedSlow':
      'La última no se pudo comprobar a tiempo y se rechazó, para que este teléfono siga funcionando. Si se repite, el dispositivo de algún miembro podría estar enviando datos dañados u hostiles.',
    'sharing.rejectedAuthor':
      'La última no estaba firmada por el dispositivo de miembro que nombra (sin firma, con una firma incorrecta o de un dispositivo que no está en la lista de miembros, p. ej. uno eliminado). Alguien con la clave de la campaña podría estar escribiendo en nombre de otro miembro.',
    'sharing.reconnect': 'Reconectar',
    'sharing.deviceName': 'Nombre de este dispositivo',
    'sharing.deviceHelp':
      'Los miembros solo ven este nombre. Usa algo que no te identifique ante la empresa.',
    'sharing.saveName': 'Guardar nombre',
    'sharing.invite': 'Invitar a alguien',
    'sharing.inviteWarning':
      'Este código es la llave de toda la campaña. Muéstralo solo en persona y solo a un compañero de confianza. Nunca lo envíes por mensaje, correo o chat.',
    'sharing.inviteQr': 'Código de invitación para escanear',
    'sharing.inviteLink': 'Enlace de invitación',
    'sharing.copy': 'Copiar enlace',
    'sharing.copied': 'Copiado.',
    'sharing.hideInvite': 'Ocultar invitación',
    'sharing.members': 'Miembros',
    'sharing.you': 'este dispositivo',
    'sharing.joined': 'se unió {when}',
    'sharing.remove': 'Quitar',
    'sharing.removeConfirm':
      '¿Quitar a {name}? La campaña pasa a una llave nueva que solo reciben los demás miembros. Lo que {name} ya tiene no se puede recuperar.',
    'sharing.removeUndoFirst':
      'Para deshacer lo que cambió {name}, abre primero su actividad: después de quitarlo la campaña empieza de nuevo con la llave nueva y sus cambios anteriores ya no se pueden deshacer uno por uno (los puntos de restauración siguen sirviendo).',
    'sharing.removeYes': 'Sí, quitar',
    'sharing.removed': 'Quitado. La campaña usa una llave nueva. Lo que ya tenía no se puede recuperar.',
    'sharing.youWereRemoved':
      'Otro miembro quitó este dispositivo de la campaña. Conservas lo que tenías, pero no te llegará nada nuevo.',
    'sharing.moved':
      '{name} pasó la campaña a una llave nueva tras quitar a un miembro. Este dispositivo la siguió.',
    'sharing.conflict':
      'Varios miembros quitaron personas a la vez y la campaña se dividió. Habla con tu comité.',
    'sharing.network': 'Servidores',
    'sharing.signaling': 'Servidores de señalización (uno por línea)',
    'sharing.signalingHelp':
      'Solo presentan los dispositivos entre sí y nunca ven los datos de la campaña. Por defecto: el servidor de donde vino esta app.',
    'sharing.ice': 'Servidores STUN/TURN (opcional, uno por línea)',
    'sharing.iceHelp':
      'Solo hacen falta cuando los miembros están en redes distintas que bloquean conexiones directas (p. ej. datos móviles). Vacío por defecto: no se contacta a nadie. Formato: stun:host:puerto o turn:host:puerto usuario contraseña.',
    'sharing.saveServers': 'Guardar servidores',
    'sharing.serversSaved': 'Guardado. Reconectando.',
    'sharing.latestHere': 'Tus últimos cambios solo están en este teléfono.',
    'sharing.latestMailbox':
      'Tus últimos cambios están en el buzón. Los miembros los reciben cuando abren la app.',
    'sharing.latestSeen': 'Tus últimos cambios los vieron {n} miembro(s).',
    'sharing.mailboxLive':
      'Buzón: conectado. Los cambios llegan a los miembros aunque sus teléfonos estén cerrados.',
    'sharing.mailboxConnecting': 'Buzón: conectando con el servidor…',
    'sharing.mailboxCatchingUp': 'Buzón: poniéndose al día…',
    'sharing.mailboxOffline':
      'No se puede llegar al servidor. Tus cambios esperan a salvo en este teléfono y salen en cuanto se pueda.',
    'sharing.mailboxError': 'El servidor rechazó el buzón ({code}). Tus cambios se quedan en este teléfono.',
    'sharing.mailboxQuota':
      'El buzón de esta campaña en el servidor está lleno. No se pierde nada en este teléfono y los cambios siguen yendo de teléfono a teléfono. Para liberar espacio, pide a quien administra el servidor que suba el límite del buzón; el comité también puede pasar la campaña a solo directo.',
    'sharing.mailboxOff': 'Solo directo: nada de esta campaña se guarda en el servidor.',
    'sharing.direct': 'De teléfono a teléfono',
    'sharing.directUnavailable':
      'Este navegador no puede conectar de teléfono a teléfono. Todo pasa por el buzón.',
    'sharing.directOnly': 'Solo directo (sin buzón)',
    'sharing.directOnlyHelp':
      'El comité decide esto para toda la campaña. Con solo directo, los cambios llegan a los miembros solo mientras ambos teléfonos están abiertos en una red donde pueden alcanzarse; nada se guarda en el servidor.',
    'sharing.directOnlySaved': 'Guardado para todos los miembros. Reconectando.',
    'sharing.advanced': 'Avanzado: servidores',
    'sharing.servers': 'Servidores de esta campaña (una dirección por línea)',
    'sharing.serversHelp':
      'Ahí está el buzón: solo guarda cambios sellados que no puede leer, hasta que los miembros los recogen. Las invitaciones que muestres llevan esta lista. Por defecto: el servidor de donde vino esta app.',
    'arriving.percent': 'Recibiendo la campaña… {n} %',
    'arriving.receiving': 'Recibiendo la campaña…',
    'arriving.waiting': 'Esperando a un miembro o al servidor…',
    'arriving.help': 'Una campaña grande puede tardar un momento. Mantén la app abierta.',
    'arriving.waitingHelp':
      'La campaña llega en cuanto el teléfono de otro miembro esté en línea o se pueda llegar al servidor. Mantén la app abierta.',
    'join.title': 'Unirse a una campaña',
    'join.intro': 'Te invitaron a unirte a «{name}». Sus datos se copiarán a este teléfono, cifrados.',
    'join.invitedFirst':
      'Te invitaron a unirte a «{name}». Primero elige una frase de acceso para Shopfloor en este teléfono; después le pones nombre a este dispositivo y te unes.',
    'join.deviceName': 'Nombre para este dispositivo',
    'join.submit': 'Unirse a la campaña',
    'join.joining': 'Uniéndose…',
    'join.bad': 'Este enlace de invitación no es válido ({code}). Pide que te muestren el código otra vez.',
    'join.waiting':
      'Te uniste. Los datos de la campaña llegan en cuanto el teléfono de otro miembro esté en línea.',
    'members.wordsTitle': 'Palabras de seguridad de este teléfono',
    'members.wordsHelp':
      'Reúnete en persona con tu compañero y comparad: su teléfono muestra estas seis palabras bajo tu nombre, en este orden. Si una palabra no coincide, no te fíes de la lista de miembros de ese teléfono y avisa a un admin.',
    'members.wordsLabel': 'Palabras de seguridad',
    'members.you': 'tú',
    'members.thisPhone': 'este teléfono',
    'members.admin': 'Admin',
    'members.member': 'Miembro',
    'members.founder': 'creó la campaña',
    'members.invitedBy': 'invitado por {name}',
    'members.devices': '{n} dispositivo(s): {names}',
    'members.compare': 'Comparar palabras de seguridad',
    'members.activity': 'Actividad: {name}',
    'members.remove': 'Quitar a {name}',
    'members.removeConfirm':
      '¿Quitar a {name} y todos sus dispositivos ({devices})? Se cambia la llave de la campaña, así que no recibe nada nuevo. Lo que ya tiene no se puede recuperar.',
    'members.makeAdmin': 'Hacer admin',
    'members.makeMember': 'Hacer miembro',
    'members.makeAdminConfirm':
      '¿Hacer admin a {name}? Los admins pueden invitar, quitar a cualquiera (también a ti) y cambiar roles.',
    'members.makeMemberConfirm': '¿Hacer miembro a {name}? Ya no podrá invitar, quitar ni cambiar roles.',
    'members.yes': 'Sí',
    'members.working': 'Un momento…',
    'members.adminsOnly': 'Solo los admins pueden invitar o quitar personas. Pídeselo a: {names}.',
    'members.joining': 'Esperando la lista de miembros de la campaña… este teléfono se une en cuanto llegue.',
    'members.removedBy':
      '{name} te quitó de esta campaña. Este teléfono conserva lo que tenía y no recibe nada nuevo.',
    'members.removedUnknown':
      'Te quitaron de esta campaña. Este teléfono conserva lo que tenía y no recibe nada nuevo.',
    'members.untrusted':
      'Atención: la lista de miembros que llegó no coincide con tu invitación. No te fíes de ella ni de lo que dice sobre quién está dentro. Pregunta en persona a quien te invitó.',
    'members.rekeyNeeded':
      'Hay que cambiar la llave de la campaña para que solo los teléfonos de los miembros actuales puedan leer los cambios nuevos.',
    'members.rekey': 'Cambiar la llave ahora',
    'members.rekeyDone': 'Llave cambiada. Solo los miembros actuales reciben cambios nuevos.',
    'members.refused': 'Se rechazaron {n} cambio(s) de miembros: no los firmó un admin.',
    'members.movedRemoved':
      '{by} quitó a {names}. La campaña pasó a una llave nueva; este teléfono la siguió.',
    'members.movedKey': '{by} cambió la llave de la campaña. Este teléfono la siguió.',
    'members.inviteRole': 'Entra como',
    'members.inviteAdminHelp': 'Los admins pueden quitar a cualquiera, también a ti.',
    'members.singleUse': 'Sirve para un solo teléfono',
    'members.expiry': 'El enlace sirve durante',
    'members.days': '{n} día(s)',
    'members.makeLink': 'Crear enlace de invitación',
    'members.makingLink': 'Creando el enlace…',
    'members.inviteSummary': 'Entra como: {role}. {uses} Sirve durante {days} día(s).',
    'members.oneUse': 'Un solo teléfono.',
    'members.manyUses': 'Cualquier número de teléfonos.',
    'members.error.not-admin': 'Solo los admins pueden hacer esto.',
    'members.error.not-ready':
      'La lista de miembros aún no está lista en este teléfono. Inténtalo de nuevo en un momento.',
    'members.error.unknown-person': 'Esa persona ya no está en la lista de miembros.',
    'members.error.last-admin': 'La campaña necesita al menos un admin. Haz admin a otra persona primero.',
    'members.error.self': 'No puedes hacerte esto a ti mismo.',
    'members.error.offline-key':
      'Este teléfono no puede cambiar la llave ahora. Mantén la app abierta e inténtalo de nuevo.',
  },
);
