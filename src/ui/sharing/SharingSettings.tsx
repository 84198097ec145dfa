/** The Sharing screen's settings: this device's name, the direct-only switch, and the servers (Advanced). */
import { createSignal } from 'solid-js';
import type { Session } from '../../app/session';
import { saveDeviceName, saveDirectOnly, saveNetworkSettings, sharingSettingsText } from '../../app/sharing';
import { restartSync } from '../../app/unlocked';
import { readCampaignMeta } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { Field } from '../kit/Field';
import { t } from '../kit/i18n';

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
      <Field
        id="sharing-device-name"
        label={t('sharing.deviceName')}
        help={t('sharing.deviceHelp')}
        helpId="sharing-device-help"
        type="text"
        maxlength="60"
        autocomplete="off"
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

/** Advanced: the campaign's servers, signaling URLs and ICE servers, one a line. */
export function NetworkSettingsForm(props: { session: Session; onSaved: () => void }) {
  const saved = sharingSettingsText(props.session);
  const [servers, setServers] = createSignal(saved.servers);
  const [signaling, setSignaling] = createSignal(saved.signaling);
  const [ice, setIce] = createSignal(saved.ice);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const kept = await saveNetworkSettings(props.session, {
      servers: servers(),
      signaling: signaling(),
      ice: ice(),
    });
    setServers(kept.servers);
    props.onSaved();
    await restartSync();
  };
  return (
    <details class="card sharing-advanced">
      <summary>{t('sharing.advanced')}</summary>
      <form class="stack" onSubmit={save}>
        <Field
          id="campaign-servers"
          label={t('sharing.servers')}
          help={t('sharing.serversHelp')}
          helpId="servers-help"
          rows={2}
          value={servers()}
          onValue={setServers}
        />
        <Field
          id="signaling-urls"
          label={t('sharing.signaling')}
          help={t('sharing.signalingHelp')}
          helpId="signaling-help"
          rows={2}
          value={signaling()}
          onValue={setSignaling}
        />
        <Field
          id="ice-servers"
          label={t('sharing.ice')}
          help={t('sharing.iceHelp')}
          helpId="ice-help"
          rows={2}
          value={ice()}
          onValue={setIce}
        />
        <button type="submit">{t('sharing.saveServers')}</button>
      </form>
    </details>
  );
}
