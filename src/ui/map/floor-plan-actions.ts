/**
 * The floor plan's commands: upload a picture (downscaled first), place a pin where the plan is
 * tapped (in the middle from the keyboard), and nudge a pin with the arrow keys.
 */
import type { Accessor } from 'solid-js';
import type { Session } from '../../app/session';
import { pinUnit, uploadFloorPlan } from '../../app/workplace';
import { formatNumber, t } from '../kit/i18n';
import { downscaleImage, PlanImageError } from './image';
import type { SaveCommand } from './NamedListEditor';

/** How far one arrow key press moves a pin (Shift: five times as far). */
const NUDGE = 0.01;

const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

export function createPlanActions(
  props: {
    session: Session;
    save: SaveCommand;
    onError: (message: string) => void;
  },
  state: {
    setBusy: (busy: boolean) => void;
    editing: Accessor<boolean>;
    chosen: () => string;
    unitName: (id: string) => string;
  },
) {
  const upload = async (e: Event & { currentTarget: HTMLInputElement }) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (!file) return;
    state.setBusy(true);
    try {
      const input = await downscaleImage(file);
      const kb = formatNumber(Math.ceil(input.data.length / 1024));
      await props.save(
        uploadFloorPlan(props.session, input),
        t('map.plan.saved', { kb, width: input.width, height: input.height }),
      );
    } catch (err) {
      props.onError(
        err instanceof PlanImageError && err.code === 'too-large'
          ? t('map.plan.tooLarge')
          : t('map.plan.notImage'),
      );
    } finally {
      state.setBusy(false);
    }
  };

  const place = (e: MouseEvent & { currentTarget: HTMLButtonElement }) => {
    const unitId = state.chosen();
    if (!unitId) return;
    const box = e.currentTarget.getBoundingClientRect();
    const fromKeyboard = e.detail === 0 || box.width === 0;
    const at = fromKeyboard
      ? { x: 0.5, y: 0.5 }
      : { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
    void props.save(
      pinUnit(props.session, unitId, at),
      t('map.plan.pinPlaced', { unit: state.unitName(unitId) }),
    );
  };

  const nudge = (e: KeyboardEvent, unitId: string, x: number, y: number) => {
    if (!state.editing()) return;
    const step = e.shiftKey ? NUDGE * 5 : NUDGE;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const d = moves[e.key];
    if (!d) return;
    e.preventDefault();
    void props.save(
      pinUnit(props.session, unitId, { x: clamp(x + d[0]), y: clamp(y + d[1]) }),
      t('map.plan.pinMoved', { unit: state.unitName(unitId) }),
    );
  };

  return { upload, place, nudge };
}
