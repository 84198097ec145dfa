/** The Sharing screen's settings: this device's name, the direct-only switch, and the servers (Advanced). */
import { createSignal, For } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Session } from '../../app/session';
import { saveDeviceName, saveDirectOnly, saveNetworkSettings, sharingSettingsText } from '../../app/sharing';
import { restartSync } from '../../app/unlocked';
import { readCampaignMeta } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { Field } from '../kit/Field';
import { t } from '../kit/i18n';
import { DeviceNameField } from './JoinForm';

/** This device's name, as members see it; `onSaved` gets the name as kept. */
export function DeviceNameForm(props: { session: Session; onSaved: (name: string) => void }) {
  const [name, setName] = createSignal(sharingSettingsText(props.session).deviceName);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const saved = await saveDeviceName(props.session, name());
    if (saved === null) return;
    props.onSaved(saved);
    await restartSync();
  };
  return (
    <form class="card stack" onSubmit={save}>
      <DeviceNameField
        id="sharing-device-name"
        label={t('sharing.deviceName')}
        helpId="sharing-device-help"
        value={name()}
        onValue={setName}
      />
      <button type="submit">{t('sharing.saveName')}</button>
    </form>
  );
}

/** The campaign's direct-only switch (no mailbox: phones sync only with each other). */
export function DirectOnlyCard(props: { session: Session; onSaved: () => void }) {
  const directOnly = createDocQuery(
    props.session.campaign.doc,
    (doc) => readCampaignMeta(doc).directOnly === true,
  );
  const toggle = async (on: boolean) => {
    if (await saveDirectOnly(props.session, on)) props.onSaved();
  };
  return (
    <div class="card stack">
      <label class="check direct-only">
        <input
          type="checkbox"
          checked={directOnly()}
          aria-describedby="direct-only-help"
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <span>{t('sharing.directOnly')}</span>
      </label>
      <p id="direct-only-help" class="help">
        {t('sharing.directOnlyHelp')}
      </p>
    </div>
  );
}

/** The Advanced fields: one a line each, under their own ids (kept from before the split). */
const NETWORK_FIELDS = [
  {
    key: 'servers',
    id: 'campaign-servers',
    helpId: 'servers-help',
    label: 'sharing.servers',
    help: 'sharing.serversHelp',
  },
  {
    key: 'signaling',
    id: 'signaling-urls',
    helpId: 'signaling-help',
    label: 'sharing.signaling',
    help: 'sharing.signalingHelp',
  },
  { key: 'ice', id: 'ice-servers', helpId: 'ice-help', label: 'sharing.ice', help: 'sharing.iceHelp' },
] as const;

/** Advanced: the campaign's servers, signaling URLs and ICE servers, one a line. */
export function NetworkSettingsForm(props: { session: Session; onSaved: () => void }) {
  const { servers, signaling, ice } = sharingSettingsText(props.session);
  const [typed, setTyped] = createStore({ servers, signaling, ice });
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const kept = await saveNetworkSettings(props.session, { ...typed });
    setTyped('servers', kept.servers);
    props.onSaved();
    await restartSync();
  };
  return (
    <details class="card sharing-advanced">
      <summary>{t('sharing.advanced')}</summary>
      <form class="stack" onSubmit={save}>
        <For each={NETWORK_FIELDS}>
          {(f) => (
            <Field
              id={f.id}
              label={t(f.label)}
              help={t(f.help)}
              helpId={f.helpId}
              rows={2}
              value={typed[f.key]}
              onValue={(v) => setTyped(f.key, v)}
            />
          )}
        </For>
        <button type="submit">{t('sharing.saveServers')}</button>
      </form>
    </details>
  );
}
