/**
 * Strings for the iPhone/iPad storage rules: the "add to Home Screen" explanation and the status in
 * settings. (A browser without WebRTC is the Sharing screen's: sharing.ts.)
 */
import { defineMessages } from '../kit/i18n/define';

export const platform = defineMessages(
  {
    'ios.title': 'Add Shopfloor to your Home Screen',
    'ios.risk':
      'On iPhone and iPad, the phone may erase everything Shopfloor keeps here, your campaign included, after about a week without use — unless Shopfloor is added to the Home Screen.',
    'ios.stepsTitle': 'How to add it',
    'ios.step1': 'Tap the Share button (the square with an arrow pointing up).',
    'ios.step2': 'Choose “Add to Home Screen”, then “Add”.',
    'ios.step3': 'From now on, open Shopfloor from its icon on the Home Screen.',
    'ios.separate':
      'The Home Screen app keeps its own storage, so it may open empty the first time: join your campaign there again with an invite, or restore a backup.',
    'ios.recover':
      'If a campaign is ever erased, it is not lost: ask another member for an invite and join again. The campaign comes back from the server’s mailbox or from that member’s phone.',
    'ios.dismiss': 'Got it',
    'ios.settingsWarning':
      'On this iPhone or iPad, Shopfloor is open in the browser, not from the Home Screen: the phone may erase its data after about a week without use. Add it to the Home Screen (Share → Add to Home Screen).',
    'ios.settingsInstalled':
      'Opened from the Home Screen: the phone does not erase Shopfloor’s data for lack of use.',

    // Shown instead of the app when the page is not a secure context (components/InsecureContext.tsx).
    'insecure.title': 'Open Shopfloor over a secure connection',
    'insecure.why':
      'Shopfloor encrypts everything on this phone, and browsers allow that encryption only on secure pages: addresses that start with https://, or this computer’s own localhost. This page was opened at {origin}, which is not secure, so Shopfloor cannot start. Nothing was stored.',
    'insecure.whatTitle': 'What to do',
    'insecure.https':
      'Ask the person who runs your Shopfloor server for its https:// address and open that one instead.',
    'insecure.server':
      'If you run the server on a computer on this network, start it with HTTPS=1 (for example: HTTPS=1 HOST=0.0.0.0 npm start) and open the https:// address it prints. The phone warns once about the certificate: check that the fingerprint matches the one the computer printed.',
    'insecure.local': 'On the computer that runs the server, open http://localhost instead.',
    'insecure.noCrypto':
      'This page is secure, but this browser lacks the encryption Shopfloor needs. Update the browser, or open the link in an up-to-date Chrome, Firefox or Safari.',
  },
  {
    'ios.title': 'Añade Shopfloor a tu pantalla de inicio',
    'ios.risk':
      'En iPhone y iPad, el teléfono puede borrar todo lo que Shopfloor guarda aquí, tu campaña incluida, tras una semana sin usarlo, más o menos, salvo que Shopfloor esté en la pantalla de inicio.',
    'ios.stepsTitle': 'Cómo añadirlo',
    'ios.step1': 'Toca el botón Compartir (el cuadrado con una flecha hacia arriba).',
    'ios.step2': 'Elige «Añadir a pantalla de inicio» y luego «Añadir».',
    'ios.step3': 'A partir de ahora, abre Shopfloor desde su icono en la pantalla de inicio.',
    'ios.separate':
      'La app de la pantalla de inicio guarda sus datos aparte, así que puede abrirse vacía la primera vez: únete allí otra vez a tu campaña con una invitación, o restaura una copia.',
    'ios.recover':
      'Si alguna vez se borra una campaña, no se pierde: pide una invitación a otro miembro y únete de nuevo. La campaña vuelve desde el buzón del servidor o desde el teléfono de ese miembro.',
    'ios.dismiss': 'Entendido',
    'ios.settingsWarning':
      'En este iPhone o iPad, Shopfloor está abierto en el navegador, no desde la pantalla de inicio: el teléfono puede borrar sus datos tras una semana sin usarlo, más o menos. Añádelo a la pantalla de inicio (Compartir → Añadir a pantalla de inicio).',
    'ios.settingsInstalled':
      'Abierto desde la pantalla de inicio: el teléfono no borra los datos de Shopfloor por falta de uso.',

    'insecure.title': 'Abre Shopfloor con una conexión segura',
    'insecure.why':
      'Shopfloor cifra todo en este teléfono, y los navegadores solo permiten ese cifrado en páginas seguras: direcciones que empiezan por https://, o localhost en el propio ordenador. Esta página se abrió en {origin}, que no es segura, así que Shopfloor no puede arrancar. No se guardó nada.',
    'insecure.whatTitle': 'Qué hacer',
    'insecure.https': 'Pide a quien mantiene tu servidor de Shopfloor su dirección https:// y abre esa.',
    'insecure.server':
      'Si el servidor corre en un ordenador de esta red, arráncalo con HTTPS=1 (por ejemplo: HTTPS=1 HOST=0.0.0.0 npm start) y abre la dirección https:// que muestra. El teléfono avisa una vez sobre el certificado: comprueba que la huella coincide con la que mostró el ordenador.',
    'insecure.local': 'En el ordenador donde corre el servidor, abre http://localhost.',
    'insecure.noCrypto':
      'Esta página es segura, pero este navegador no tiene el cifrado que Shopfloor necesita. Actualiza el navegador o abre el enlace en un Chrome, Firefox o Safari al día.',
  },
);
