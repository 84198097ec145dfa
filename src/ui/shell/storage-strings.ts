/**
 * Storage-limit strings: another tab upgrading the database, and writes waiting for space.
 */
import { defineMessages } from '../kit/i18n/define';

export const storageLimits = defineMessages(
  {
    'storage.otherTab.title': 'Shopfloor was updated in another tab',
    'storage.otherTab.body':
      'Your changes in this tab are saved. Reload this tab to keep working with the new version.',
    'storage.otherTab.wiped': 'Shopfloor’s data was erased in another tab. Reload this tab.',
    'storage.otherTab.reload': 'Reload',
    'storage.blocked': 'Close Shopfloor in your other tabs so this update can finish.',
  },
  {
    'storage.otherTab.title': 'Shopfloor se actualizó en otra pestaña',
    'storage.otherTab.body':
      'Tus cambios en esta pestaña están guardados. Recarga esta pestaña para seguir con la versión nueva.',
    'storage.otherTab.wiped': 'Los datos de Shopfloor se borraron en otra pestaña. Recarga esta pestaña.',
    'storage.otherTab.reload': 'Recargar',
    'storage.blocked': 'Cierra Shopfloor en tus otras pestañas para que termine esta actualización.',
  },
);
