/** What the floor-plan view and its parts are given (apart from FloorPlanView.tsx, which its parts import). */
import type { Accessor } from 'solid-js';
import type { Session } from '../../app/session';
import type { FloorPlan, MapModel, UnitNode } from '../../domain';
import type { SaveCommand } from './NamedListEditor';

export interface PlanProps {
  session: Session;
  plan: Accessor<FloorPlan>;
  model: Accessor<MapModel>;
  units: Accessor<readonly UnitNode[]>;
  save: SaveCommand;
  onError: (message: string) => void;
}
